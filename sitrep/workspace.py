"""A report workspace on disk: the folder holding ``report.toml``, its settings, gazetteer and
intake files."""

from __future__ import annotations

from pathlib import Path

from sitrep.codes import E_CONFIG
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
    """Read report.toml and the gazetteer. Raises ConfigError when unusable."""
    config, findings = read_config(workspace)
    if config is None:
        first, *rest = findings.errors
        raise ConfigError(first, more=rest)
    if not config.gazetteer.is_file():
        raise ConfigError(E_CONFIG(f"the gazetteer file '{config.gazetteer}' does not exist",
                                hint="check intake.gazetteer in report.toml (a path relative to the workspace)",
                                position=Position(file=CONFIG_NAME, key="intake.gazetteer")))
    return config, read_gazetteer(config.gazetteer), findings


def intake_files(config: ReportConfig) -> list[Path]:
    """The workspace's intake files, in a stable order (Excel lock files skipped)."""
    found: dict[Path, None] = {}
    for pattern in config.inputs:
        for path in sorted(config.workspace.glob(pattern)):
            if path.is_file() and not path.name.startswith(("~$", ".")):
                found[path] = None
    return sorted(found, key=lambda p: p.relative_to(config.workspace).as_posix())
