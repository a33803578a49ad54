"""Report templates: ``templates/<name>/template.toml`` read and checked.

A template is data, not code: page and colours, the key figures to show, and the ordered
sections with the block each one shows. A workspace may hold its own
``templates/<name>/`` that takes precedence over the shipped one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sitrep.compose.document import Theme
from sitrep.errors import ConfigError, Position, error

SHIPPED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BLOCKS = ("key-figures", "narrative", "table", "locations", "sectors", "sources", "contacts")
TABLE_DATA = ("casualties", "displacement")
KEY_FIGURES = ("killed", "injured", "displaced", "households", "locations_affected",
               "districts_affected", "reached", "partners")


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: str
    block: str
    title: str = ""
    """English title; translated through the catalogs."""
    narrative: str = ""
    """Narrative section shown (for narrative blocks, and before tables/sectors when set)."""
    data: str = ""
    """Data kind for a table block."""
    style: str = "paragraphs"
    """``paragraphs`` | ``bullets`` for narrative blocks."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    name: str
    path: Path
    theme: Theme
    key_figures: tuple[str, ...]
    sections: tuple[Section, ...]


def find_template(name: str, workspace: Path | None) -> Path:
    """The folder of template ``name``: the workspace's own first, then the shipped one."""
    for base in ([workspace / "templates"] if workspace else []) + [SHIPPED_TEMPLATES]:
        candidate = base / name / "template.toml"
        if candidate.is_file():
            return candidate
    raise ConfigError(error("E-template-missing", f"template '{name}' was not found",
                            hint=f"set report.template to one of: {', '.join(shipped_templates())}",
                            position=Position(file="report.toml", key="report.template")))


def shipped_templates() -> list[str]:
    return sorted(p.parent.name for p in SHIPPED_TEMPLATES.glob("*/template.toml"))


def load_template(name: str, workspace: Path | None = None) -> Template:
    """Read and check a template.

    Raises:
        ConfigError: the template is missing or a key is invalid (the finding names the key).
    """
    path = find_template(name, workspace)
    file = f"{path.parent.name}/template.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(error("E-template", f"the template is not valid TOML: {exc}",
                                position=Position(file=file))) from exc

    def fail(key: str, message: str, hint: str = "") -> ConfigError:
        return ConfigError(error("E-template", message, hint=hint or None, position=Position(file=file, key=key)))

    theme_keys = {f.name for f in fields(Theme)}
    raw_theme: dict[str, Any] = {**data.get("page", {}), **data.get("colors", {}), **data.get("fonts", {})}
    for key, value in raw_theme.items():
        if key not in theme_keys:
            raise fail(key, f"unknown template setting '{key}'", f"known: {', '.join(sorted(theme_keys))}")
        if key not in ("page_size", "margin_mm", "docx_font") and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(value)):
            raise fail(f"colors.{key}", f"'{value}' is not a colour", "write colours as #RRGGBB")
    if raw_theme.get("page_size", "A4") not in ("A4", "LETTER"):
        raise fail("page.page_size", "page_size must be A4 or LETTER")
    theme = Theme(**raw_theme)

    figures = tuple(data.get("key_figures", {}).get("show", ("killed", "injured", "displaced")))
    for fig in figures:
        if fig not in KEY_FIGURES:
            raise fail("key_figures.show", f"unknown key figure '{fig}'", f"known: {', '.join(KEY_FIGURES)}")

    sections = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise fail("sections", "the template lists no [[sections]]", "add [[sections]] tables with a block")
    for i, raw in enumerate(raw_sections, start=1):
        key = f"sections[{i}]"
        block = raw.get("block")
        if block not in BLOCKS:
            raise fail(f"{key}.block", f"unknown block '{block}'", f"blocks: {', '.join(BLOCKS)}")
        if block == "table" and raw.get("data") not in TABLE_DATA:
            raise fail(f"{key}.data", f"unknown data kind '{raw.get('data')}' for a table",
                       f"data kinds: {', '.join(TABLE_DATA)}")
        if block == "narrative" and not raw.get("narrative"):
            raise fail(f"{key}.narrative", "a narrative block needs narrative = \"<section>\"")
        allowed = {"id", "block", "title", "narrative", "data", "style"}
        for extra in sorted(set(raw) - allowed):
            raise fail(f"{key}.{extra}", f"unknown section key '{extra}'", f"known: {', '.join(sorted(allowed))}")
        sections.append(Section(id=raw.get("id") or f"{block}-{i}", block=block, title=raw.get("title", ""),
                                narrative=raw.get("narrative", ""), data=raw.get("data", ""),
                                style=raw.get("style", "paragraphs")))
    return Template(name=name, path=path.parent, theme=theme, key_figures=figures, sections=tuple(sections))
