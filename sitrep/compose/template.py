"""Report templates: ``templates/<name>/template.toml`` read and checked.

A template is data, not code: page and colours, fonts per script, the organisation's identity
(name, logo, header and footer lines, disclaimer), the key figures, the ordered sections with
the block each one shows, and label overrides per language. Both renderers read the same
template. A workspace may hold its own ``templates/<name>/`` (``sitrep template new``), which
takes precedence over the shipped one. Every bad key is refused with the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.codes import E_IMAGE, E_OUTSIDE_WORKSPACE, E_TEMPLATE, E_TEMPLATE_MISSING
from sitrep.compose.document import Theme
from sitrep.compose.images import logo_problem
from sitrep.compose.labels import REPORT_TYPE_LABELS
from sitrep.errors import ConfigError, Position
from sitrep.i18n.placeholders import translation_problem
from sitrep.resources import templates_dir

SHIPPED_TEMPLATES = templates_dir()
"""The shipped templates: ``templates/`` of the repository, installed as ``sitrep/_templates``."""
TEMPLATE_FILE = "template.toml"
BLOCKS = ("key-figures", "narrative", "table", "locations", "sectors", "sector-details", "funding",
          "header-sentence", "sources", "contacts", "disclaimer", "chart", "map")
CHARTS = ("casualties-by-governorate", "displacement-trend")
TABLE_DATA = ("casualties", "displacement")
KEY_FIGURES = ("killed", "injured", "displaced", "households", "locations_affected",
               "districts_affected", "reached", "partners")
NARRATIVE_STYLES = ("paragraphs", "bullets")
LOGO_TYPES = (".png", ".jpg", ".jpeg")
TABLES = {"template", "page", "colors", "fonts", "identity", "key_figures", "sections", "labels", "limits"}
LIMIT_KEYS = {"locations"}
DEFAULT_LOCATIONS = 300
SECTION_KEYS = {"id", "block", "title", "narrative", "data", "style", "level", "chart"}
IDENTITY_KEYS = {"organisation", "logo", "header", "footer", "disclaimer"}
FONT_KEYS = {"latin", "arabic", "docx"}
PAGE_KEYS = {"page_size", "margin_mm"}
FOOTER_FIELDS = {"organisation", "report", "date"}
"""The placeholders a template's footer may use."""
REPORT_TYPE_NAMES = tuple(REPORT_TYPE_LABELS)
COLOR_KEYS = {"primary", "accent", "muted", "band_text", "table_header", "subtotal"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: str
    block: str
    title: str = ""
    """English title; translated through the catalogs (and the template's [labels])."""
    narrative: str = ""
    """Narrative section shown (for narrative blocks, and before tables/sectors when set)."""
    data: str = ""
    """Data kind for a table block."""
    style: str = "paragraphs"
    """``paragraphs`` | ``bullets`` for narrative blocks."""
    level: int = 2
    """Admin level a table is grouped down to: 1 = governorates only, 2 = districts too."""
    chart: str = ""
    """Which chart a chart block draws (see CHARTS)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """Who publishes: shown in the title band, page header and footer."""

    organisation: str = ""
    """Overrides report.toml's organisation when set."""
    logo: Path | None = None
    header: str = ""
    """A line at the top of every page (translated when the catalogs know it)."""
    footer: str = ""
    """Replaces the default footer line; may use {organisation}, {report} and {date}."""
    disclaimer: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Fonts:
    """PDF font families per script (installed font packages); DOCX names its own font."""

    latin: str = "Noto Sans"
    arabic: str = "Noto Sans Arabic"


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """How much a document shows at most (``[limits]``); the data exports always hold everything."""

    locations: int = DEFAULT_LOCATIONS
    """Rows of the affected-communities table (about 7 pages); the rest is counted in a note."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    name: str
    path: Path
    theme: Theme
    key_figures: tuple[str, ...]
    sections: tuple[Section, ...]
    identity: Identity = field(default_factory=Identity)
    fonts: Fonts = field(default_factory=Fonts)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """language -> {English label -> wording}; wins over the message catalogs."""
    limits: Limits = field(default_factory=Limits)
    report_type: str = ""
    """The report type the template makes ("situation-report"): its name wins over report.toml's
    ``type`` (see :mod:`sitrep.compose.product`); empty: the template serves any type."""

    @property
    def shipped(self) -> bool:
        """True for a template that comes with sitrep, False for a workspace's own copy."""
        return self.path.resolve().parent == SHIPPED_TEMPLATES.resolve()

    def label_hint(self, language: str) -> str:
        """Where a missing translation of a label goes: the template's own ``[labels.<lang>]``
        for a workspace's template (the officer's to edit), the catalog for a shipped one."""
        if self.shipped:
            return f"add it to the language's .po catalog (sitrep/i18n/locales/{language})"
        return (f'add it under [labels.{language}] in {self.path / TEMPLATE_FILE}, as "English label" = '
                '"translation"')


def find_template(name: str, workspace: Path | None) -> Path:
    """The ``template.toml`` of template ``name``: the workspace's own first, then the shipped one."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):  # "../../elsewhere" would load from anywhere
        raise ConfigError(E_OUTSIDE_WORKSPACE(
            f"'{name}' is not a template name (templates are named, not given as paths)",
            hint="copy the template folder into WORKSPACE/templates/ (sitrep template new NAME makes one) "
                 "and give its folder name", position=Position(file="report.toml", key="report.template")))
    for base in ([workspace / "templates"] if workspace else []) + [SHIPPED_TEMPLATES]:
        candidate = base / name / TEMPLATE_FILE
        if candidate.is_file():
            return candidate
    raise ConfigError(E_TEMPLATE_MISSING(f"template '{name}' was not found",
                            hint=f"set report.template to one of: {', '.join(shipped_templates())}, "
                                 "or create one with 'sitrep template new NAME'",
                            position=Position(file="report.toml", key="report.template")))


def shipped_templates() -> list[str]:
    return sorted(p.parent.name for p in SHIPPED_TEMPLATES.glob(f"*/{TEMPLATE_FILE}"))


class _Checker:
    """Reads one template file; each problem raises with the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = f"templates/{path.parent.name}/{TEMPLATE_FILE}"

    def fail(self, key: str, message: str, hint: str = "") -> ConfigError:
        return ConfigError(E_TEMPLATE(message, hint=hint or None,
                                 position=Position(file=self.file, key=key)))

    def table(self, data: dict[str, Any], name: str, allowed: set[str]) -> dict[str, Any]:
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            raise self.fail(name, f"'{name}' must be a table", f"write it as [{name}]")
        for key in sorted(set(raw) - allowed):
            raise self.fail(f"{name}.{key}", f"unknown key '{key}' in [{name}]", f"known: {', '.join(sorted(allowed))}")
        return raw

    def text(self, raw: dict[str, Any], key: str, where: str) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", f"'{where}.{key}' must be text", "write it in double quotes")
        return value.strip()


def font_family_installed(family: str) -> bool:
    """Whether a font package (``fontpkg-*``) provides this family for the PDF."""
    import fontpkg

    try:
        fontpkg.path(family)
    except Exception:  # fontpkg's own errors all mean "not installed"
        return False
    return True


def load_template(name: str, workspace: Path | None = None,
                  font_installed: Callable[[str], bool] = font_family_installed) -> Template:
    """Read and check a template.

    Args:
        font_installed: tells whether a PDF font family is available.

    Raises:
        ConfigError: the template is missing or a key is invalid (the finding names the key).
    """
    path = find_template(name, workspace)
    check = _Checker(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(E_TEMPLATE(f"the template is not valid TOML: {exc}",
                                hint="check quotes, brackets and '=' signs on that line",
                                position=Position(file=check.file))) from exc
    for table in sorted(set(data) - TABLES):
        raise check.fail(table, f"unknown table or key '{table}'", f"known: {', '.join(sorted(TABLES))}")
    meta = check.table(data, "template", {"description", "report_type"})
    report_type = check.text(meta, "report_type", "template")
    if report_type and report_type not in REPORT_TYPE_NAMES:
        raise check.fail("template.report_type", f"unknown report type '{report_type}'",
                         f"report types: {', '.join(REPORT_TYPE_NAMES)} (or leave it out to follow report.toml)")

    page = check.table(data, "page", PAGE_KEYS)
    colors = check.table(data, "colors", COLOR_KEYS)
    fonts_raw = check.table(data, "fonts", FONT_KEYS)
    for key, value in colors.items():
        if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            raise check.fail(f"colors.{key}", f"'{value}' is not a colour", "write colours as #RRGGBB")
    if page.get("page_size", "A4") not in ("A4", "LETTER"):
        raise check.fail("page.page_size", "page_size must be A4 or LETTER")
    margin = page.get("margin_mm", 16)
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not 5 <= margin <= 40:
        raise check.fail("page.margin_mm", f"margin_mm must be a number of millimetres from 5 to 40, not {margin!r}")
    fonts = Fonts(latin=check.text(fonts_raw, "latin", "fonts") or "Noto Sans",
                  arabic=check.text(fonts_raw, "arabic", "fonts") or "Noto Sans Arabic")
    theme = Theme(page_size=page.get("page_size", "A4"), margin_mm=float(margin),
                  docx_font=check.text(fonts_raw, "docx", "fonts") or "Arial",
                  font_latin=fonts.latin, font_arabic=fonts.arabic, **colors)
    if fonts_raw:
        for key in ("latin", "arabic"):
            family = getattr(fonts, key)
            if not font_installed(family):
                raise check.fail(f"fonts.{key}", f"the font family '{family}' is not installed",
                                 "use a family installed from the package index, e.g. 'Noto Sans' "
                                 "(pip install fontpkg-noto-sans)")

    identity = _identity(check, data, path.parent)
    figures_raw = check.table(data, "key_figures", {"show"})
    figures = figures_raw.get("show", ["killed", "injured", "displaced"])
    if not isinstance(figures, list):
        raise check.fail("key_figures.show", "key_figures.show must be a list", 'write show = ["killed", …]')
    for fig in figures:
        if fig not in KEY_FIGURES:
            raise check.fail("key_figures.show", f"unknown key figure '{fig}'", f"known: {', '.join(KEY_FIGURES)}")

    labels: dict[str, dict[str, str]] = {}
    for lang, overrides in check.table(data, "labels", set(data.get("labels", {}))).items():
        if not isinstance(overrides, dict) or not all(isinstance(v, str) for v in overrides.values()):
            raise check.fail(f"labels.{lang}", f"[labels.{lang}] must map English labels to texts",
                             'write lines like "Highlights" = "Faits marquants"')
        for english, wording in overrides.items():  # filled with str.format: checked now, not mid-build
            problem = translation_problem(english, wording)
            if problem:
                raise check.fail(f'labels.{lang}."{english}"', f"the {lang} label for '{english}' {problem}",
                                 "keep the placeholders of the English label, spelt as they are")
        labels[lang] = dict(overrides)
    limits_raw = check.table(data, "limits", LIMIT_KEYS)
    locations = limits_raw.get("locations", DEFAULT_LOCATIONS)
    if isinstance(locations, bool) or not isinstance(locations, int) or not 1 <= locations <= 100_000:
        raise check.fail("limits.locations", f"limits.locations must be a whole number from 1 to 100000, "
                         f"not {locations!r}", "e.g. locations = 300")
    return Template(name=name, path=path.parent, theme=theme, key_figures=tuple(figures),
                    sections=_sections(check, data), identity=identity, fonts=fonts, labels=labels,
                    limits=Limits(locations=locations), report_type=report_type)


def _identity(check: _Checker, data: dict[str, Any], folder: Path) -> Identity:
    raw = check.table(data, "identity", IDENTITY_KEYS)
    logo = None
    logo_name = check.text(raw, "logo", "identity")
    if logo_name:
        logo = (folder / logo_name).resolve()
        if folder.resolve() not in logo.parents:
            raise check.fail("identity.logo", "the logo must be a file inside the template folder",
                             f"copy it into {folder} and give its file name")
        if logo.suffix.lower() not in LOGO_TYPES or not logo.is_file():
            raise check.fail("identity.logo", f"no PNG or JPEG logo at {logo_name}",
                             f"put the image in {folder} (PNG or JPEG)")
        problem = logo_problem(logo)
        if problem:
            raise ConfigError(E_IMAGE(f"{logo_name}: {problem[0]}", hint=problem[1],
                                      position=Position(file=check.file, key="identity.logo")))
    footer = check.text(raw, "footer", "identity")
    wrong = translation_problem(footer, footer, allowed=FOOTER_FIELDS)
    if wrong:
        raise check.fail("identity.footer", f"the footer {wrong}",
                         "use only {organisation}, {report} and {date} (a literal brace is written {{ or }})")
    return Identity(organisation=check.text(raw, "organisation", "identity"), logo=logo,
                    header=check.text(raw, "header", "identity"), footer=footer,
                    disclaimer=check.text(raw, "disclaimer", "identity"))


def _sections(check: _Checker, data: dict[str, Any]) -> tuple[Section, ...]:
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise check.fail("sections", "the template lists no [[sections]]", "add [[sections]] tables with a block")
    sections = []
    for i, raw in enumerate(raw_sections, start=1):
        key = f"sections[{i}]"
        for extra in sorted(set(raw) - SECTION_KEYS):
            raise check.fail(f"{key}.{extra}", f"unknown section key '{extra}'",
                             f"known: {', '.join(sorted(SECTION_KEYS))}")
        block = raw.get("block")
        if block not in BLOCKS:
            raise check.fail(f"{key}.block", f"unknown block '{block}'", f"blocks: {', '.join(BLOCKS)}")
        if block == "table" and raw.get("data") not in TABLE_DATA:
            raise check.fail(f"{key}.data", f"unknown data kind '{raw.get('data')}' for a table",
                             f"data kinds: {', '.join(TABLE_DATA)}")
        if block == "narrative" and not raw.get("narrative"):
            raise check.fail(f"{key}.narrative", "a narrative block needs narrative = \"<section>\"")
        if raw.get("style", "paragraphs") not in NARRATIVE_STYLES:
            raise check.fail(f"{key}.style", f"style must be one of {', '.join(NARRATIVE_STYLES)}")
        if block == "chart" and raw.get("chart") not in CHARTS:
            raise check.fail(f"{key}.chart", f"unknown chart '{raw.get('chart')}'", f"charts: {', '.join(CHARTS)}")
        if raw.get("level", 2) not in (1, 2):
            raise check.fail(f"{key}.level", "level must be 1 (governorates) or 2 (districts)")
        for text_key in ("id", "title", "narrative"):
            check.text(raw, text_key, key)
        sections.append(Section(id=raw.get("id") or f"{block}-{i}", block=block, title=raw.get("title", ""),
                                narrative=raw.get("narrative", ""), data=raw.get("data", ""),
                                style=raw.get("style", "paragraphs"), level=raw.get("level", 2),
                                chart=raw.get("chart", "")))
    return tuple(sections)
