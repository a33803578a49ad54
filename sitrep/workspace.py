"""A report workspace on disk: the folder holding ``report.toml``, its settings, gazetteer and
intake files."""

from __future__ import annotations

from pathlib import Path

from sitrep.codes import E_CONFIG, W_NO_GAZETTEER
from sitrep.config import CONFIG_NAME, ReportConfig, read_config
from sitrep.errors import ConfigError, Findings, Position
from sitrep.gazetteer import Gazetteer, read_gazetteer

__all__ = ["find_workspace", "intake_files", "load_workspace"]


def find_workspace(path: Path) -> Path | None:
    """The folder holding ``report.toml``: ``path`` itself or one of its parents."""
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace(workspace: Path) -> tuple[ReportConfig, Gazetteer, Findings]:
    """Read report.toml and the gazetteer. Raises ConfigError when unusable.

    A workspace without a gazetteer still loads: its places are read as typed (an unchecked
    :class:`Gazetteer`) and one warning says so.
    """
    config, findings = read_config(workspace)
    if config is None:
        first, *rest = findings.errors
        raise ConfigError(first, more=rest)
    if config.gazetteer is None:
        findings.add(W_NO_GAZETTEER(
            "report.toml names no gazetteer: places are read as typed and not checked against P-codes",
            hint=f"download the tabular COD-AB of {config.country} from HDX (dataset cod-ab-{config.country.lower()}) "
                 f"and add it as intake.gazetteer",
            position=Position(file=CONFIG_NAME, key="intake.gazetteer")))
        unchecked = Gazetteer(source="(none)", checked=False)
        unchecked.level_names.update(enumerate(config.admin_levels, start=1))
        return config, unchecked, findings
    if not config.gazetteer.is_file():
        raise ConfigError(E_CONFIG(f"the gazetteer file '{config.gazetteer}' does not exist",
                                hint="check intake.gazetteer in report.toml (a path relative to the workspace)",
                                position=Position(file=CONFIG_NAME, key="intake.gazetteer")))
    gazetteer = read_gazetteer(config.gazetteer, config.country)
    if config.admin_levels:  # report.toml's names win over the gazetteer's ADM1_TYPE
        gazetteer.level_names = dict(enumerate(config.admin_levels, start=1))
    return config, gazetteer, findings


def intake_files(config: ReportConfig) -> list[Path]:
    """The workspace's intake files, in a stable order (Excel lock files skipped)."""
    found: dict[Path, None] = {}
    for pattern in config.inputs:
        for path in sorted(config.workspace.glob(pattern)):
            if path.is_file() and not path.name.startswith(("~$", ".")):
                found[path] = None
    return sorted(found, key=lambda p: p.relative_to(config.workspace).as_posix())
