"""The report workspace: ``report.toml`` read into one frozen :class:`ReportConfig`.

Every key problem becomes a finding positioned at ``report.toml › key`` so the officer
sees all of them at once; only an unreadable or unparsable file raises.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from sitrep.codes import E_CONFIG_MISSING, E_CONFIG_SYNTAX, E_OUTSIDE_WORKSPACE
from sitrep.config.history import read_history_url
from sitrep.config.partners import Partner, read_partners
from sitrep.config.reader import TITLE_LENGTH, Reader
from sitrep.config.schema import unknown_keys
from sitrep.errors import ConfigError, Findings, Position
from sitrep.i18n.countries import country_alpha2
from sitrep.mapconfig import MapSettings, parse_map

CONFIG_NAME = "report.toml"
ReportType = Literal["flash-update", "situation-report"]
MergePolicy = Literal["priority", "maximum", "latest"]
Digits = Literal["latin", "arabic-indic"]
REPORT_TYPES: tuple[ReportType, ...] = get_args(ReportType)
MERGE_POLICIES: tuple[MergePolicy, ...] = get_args(MergePolicy)
SUPPORTED_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
"""Languages with label catalogs, fonts and layout: the six official languages of the UN."""
DIGITS: tuple[Digits, ...] = get_args(Digits)
DEFAULT_INPUTS = ("inputs/*.xlsx", "inputs/*.xlsm", "inputs/*.xls", "inputs/*.ods", "inputs/*.csv")
DEFAULT_OUTPUT_DIR = "dist"

__all__ = ["CONFIG_NAME", "Contact", "DEFAULT_INPUTS", "DEFAULT_OUTPUT_DIR", "DIGITS", "Digits", "EmailSettings",
           "Funding", "MERGE_POLICIES", "MergePolicy", "Partner", "REPORT_TYPES", "ReportConfig", "ReportType",
           "SLUG_PATTERN", "SUPPORTED_LANGUAGES", "TITLE_LENGTH", "parse_config", "read_config", "scaffold_text",
           "slugify"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """A person readers can write to, shown in the contacts block."""

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Funding:
    """The appeal's funding, from ``[funding]`` (figures in US dollars)."""

    required: int
    received: int
    source: str = ""
    """e.g. "OCHA Financial Tracking Service (FTS)"."""
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailSettings:
    """Recipients of the draft e-mails (``[email]``, with ``[email.<lang>]`` per language)."""

    sender: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    by_language: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    """language -> (to, cc) replacing the defaults for that language."""

    def recipients(self, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self.by_language.get(language, (self.to, self.cc))


MAX_REPORT_NUMBER = 99_999
"""Report numbers stay far from SQLite's 2^63 integers (a number near it would overflow on +1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportConfig:
    """Everything ``report.toml`` says about one report."""

    workspace: Path
    country: str
    """ISO 3166-1 alpha-3 code, upper case (``SYR``)."""
    crisis: str
    crisis_by_language: dict[str, str] = field(default_factory=dict)
    """The crisis title in other languages (``[report.crisis_by_language]``)."""
    slug: str
    """File-name stem of the crisis (``syria-nw-escalation``)."""
    report_type: ReportType
    number: int
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    languages: tuple[str, ...]
    template: str
    organisation: str
    contacts: tuple[Contact, ...] = ()
    gazetteer: Path | None
    """The workspace gazetteer; None when report.toml names none (places are then unchecked)."""
    admin_levels: tuple[str, ...] = ()
    """Names of admin levels 1, 2 … (``[intake] admin_levels``); empty: Governorate, District."""
    admin_levels_by_language: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The same names in other languages (``[intake.admin_levels_by_language]``)."""
    inputs: tuple[str, ...] = DEFAULT_INPUTS
    """Glob patterns, relative to the workspace, of the intake files."""
    merge_policy: MergePolicy = "priority"
    source_priority: tuple[str, ...] = ()
    """Organisations in order of trust, for the ``priority`` policy."""
    output_dir: Path
    illustrative: bool = False
    """Example data: every page says so."""
    next_report: dt.date | None = None
    """When the next report is due (Situation Reports say so in their opening sentence)."""
    funding: Funding | None = None
    email: EmailSettings = field(default_factory=EmailSettings)
    partners: dict[str, Partner] = field(default_factory=dict)
    """Organisation name -> its contact (``[partners."Health Cluster"]``)."""
    arabic_digits: Digits = "latin"
    """Digits of the Arabic report: ``latin`` (0-9, the default) or ``arabic-indic`` (٠-٩)."""
    map: MapSettings | None = None
    """The ``[map]`` table (None: the report has no map settings)."""
    history_url: str | None = None
    """``[history] url``: the team's PostgreSQL history (None: the workspace's history.sqlite)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The slug names every output file: whatever built this config, it can never carry a
        # path ("../../etc/passwd") out of the output folder.
        if not SLUG_PATTERN.fullmatch(self.slug):
            raise ValueError(f"unsafe file-name slug {self.slug!r}; use slugify()")

    @property
    def country_alpha2(self) -> str:
        return country_alpha2(self.country) or self.country[:2]


SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What a slug may be: lower-case ASCII letters and digits in words joined by single hyphens, so
no separator, dot, drive letter or reserved character can reach a file name."""


def slugify(text: str) -> str:
    """A safe, lower-case file-name stem: letters, digits and single hyphens only (at most 60
    characters; ``report`` when nothing is left). ``../../etc/passwd`` -> ``etc-passwd``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "report"


def read_config(workspace: Path) -> tuple[ReportConfig | None, Findings]:
    """Read ``WORKSPACE/report.toml``. Returns ``(None, findings)`` when keys are bad.

    Raises:
        ConfigError: the file is missing, unreadable or not valid TOML.
    """
    path = workspace / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(E_CONFIG_MISSING(
            f"no {CONFIG_NAME} in {workspace}",
            hint="run 'sitrep init DIR' to create a workspace, or pass the workspace folder",
            position=Position(file=str(path))))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(E_CONFIG_SYNTAX("report.toml is not UTF-8 text",
                                hint="save it as UTF-8", position=Position(file=CONFIG_NAME))) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(E_CONFIG_SYNTAX(f"report.toml is not valid TOML: {exc}",
                                hint="check quotes, brackets and '=' signs on that line",
                                position=Position(file=CONFIG_NAME))) from exc
    except RecursionError as exc:  # tomllib recurses once per nested bracket
        raise ConfigError(E_CONFIG_SYNTAX("report.toml nests brackets thousands deep",
                                hint="check the brackets: report.toml needs no nesting beyond a list of texts",
                                position=Position(file=CONFIG_NAME))) from exc
    return parse_config(data, workspace)


def parse_config(data: dict[str, Any], workspace: Path) -> tuple[ReportConfig | None, Findings]:
    """Check the parsed TOML and build the config; see :func:`read_config`."""
    r = Reader(data, CONFIG_NAME)
    for key, message, hint in unknown_keys(data):
        r.fail(key, message, hint)

    country = r.text("report.country").upper()
    if country and (not re.fullmatch(r"[A-Z]{3}", country) or country_alpha2(country) is None):
        r.fail("report.country", f"'{country}' is not an ISO 3166-1 alpha-3 country code",
               "use the three-letter code, e.g. SYR for Syria")
    crisis = r.short("report.crisis", r.text("report.crisis"))
    crisis_by_language: dict[str, str] = {}
    raw_titles = r.get("report.crisis_by_language")
    if raw_titles is not None:
        if not isinstance(raw_titles, dict) or not all(isinstance(v, str) and v.strip() for v in raw_titles.values()):
            r.fail("report.crisis_by_language", "'report.crisis_by_language' must map languages to titles",
                   'write it as [report.crisis_by_language] with lines like fr = "…"')
        else:
            crisis_by_language = {k: r.short(f"report.crisis_by_language.{k}", v.strip())
                                  for k, v in raw_titles.items()}
    slug_text = r.text("report.slug", required=False)
    slug = slugify(slug_text or f"{country} {crisis}")
    report_type = cast(ReportType, r.choice("report.type", REPORT_TYPES))
    number = r.integer("report.number", maximum=MAX_REPORT_NUMBER)
    as_of = r.date("report.as_of")
    start = r.date("period.start")
    end = r.date("period.end")
    if start and end and start > end:
        r.fail("period.start", f"the period starts ({start}) after it ends ({end})",
               "swap period.start and period.end")
    if as_of and end and as_of < end:
        r.fail("report.as_of", f"as_of ({as_of}) is before the end of the period ({end})",
               "the report is 'as of' the last day it covers or later")
    languages = r.text_list("report.languages", ("en",))
    for lang in languages:
        if lang not in SUPPORTED_LANGUAGES:
            r.fail("report.languages", f"language '{lang}' is not supported yet",
                   f"supported: {', '.join(SUPPORTED_LANGUAGES)}")
    template = r.text("report.template", required=False, default=report_type)
    organisation = r.short("report.organisation", r.text("report.organisation"))
    illustrative = r.get("report.illustrative")
    if illustrative is not None and not isinstance(illustrative, bool):
        r.fail("report.illustrative", "'report.illustrative' must be true or false", "write true or false")

    arabic_digits = cast(Digits, r.choice("report.arabic_digits", DIGITS, default="latin"))
    gazetteer_text = r.text("intake.gazetteer", required=False)
    admin_levels, admin_levels_by_language = _admin_levels(r)
    inputs = r.text_list("intake.files", DEFAULT_INPUTS)
    for pattern in inputs:
        if Path(pattern).is_absolute() or Path(pattern).drive:
            r.fail("intake.files", f"the pattern '{pattern}' is not relative to the workspace",
                   'write patterns relative to the folder of report.toml, e.g. "inputs/*.xlsx"')
        elif ".." in Path(pattern).parts:  # "../../etc/*" would read outside the workspace like "/etc/*"
            r.findings.add(E_OUTSIDE_WORKSPACE(
                f"the pattern '{pattern}' leads outside the workspace", position=r._pos("intake.files"),
                hint="copy the partners' files into the workspace (e.g. inputs/) and write a pattern inside it; "
                     "to read a folder elsewhere on purpose, link it into the workspace yourself"))
    policy = cast(MergePolicy, r.choice("merge.policy", MERGE_POLICIES, default="priority"))
    priority = r.text_list("merge.priority")
    if policy == "priority" and not priority:
        r.fail("merge.priority", "the 'priority' merge policy needs a list of organisations",
               'add priority = ["Most trusted org", "Next org"] under [merge]')
    output_dir = r.text("output.dir", required=False, default=DEFAULT_OUTPUT_DIR)

    contacts = _contacts(r)
    next_report = r.date("report.next_report") if r.get("report.next_report") is not None else None
    if next_report and as_of and next_report <= as_of:
        r.fail("report.next_report", f"the next report ({next_report}) is not after this one ({as_of})",
               "give the date the next report is expected")
    funding = _funding(r)
    email = _email(r, languages)
    map_settings = parse_map(r.get("map"), workspace, r.fail)
    partners = read_partners(r, SUPPORTED_LANGUAGES)
    history_url = read_history_url(r)
    if r.findings.has_errors() or not (as_of and start and end):
        return None, r.findings
    config = ReportConfig(
        workspace=workspace, country=country, crisis=crisis, crisis_by_language=crisis_by_language, slug=slug,
        report_type=report_type, number=number, period_start=start, period_end=end, as_of=as_of, languages=languages,
        template=template, organisation=organisation, contacts=contacts,
        gazetteer=(workspace / gazetteer_text) if gazetteer_text else None, admin_levels=admin_levels,
        admin_levels_by_language=admin_levels_by_language, inputs=inputs, merge_policy=policy,
        source_priority=priority, output_dir=(workspace / output_dir),
        illustrative=bool(illustrative), arabic_digits=arabic_digits, next_report=next_report,
        funding=funding, email=email, map=map_settings, partners=partners, history_url=history_url)
    return config, r.findings


def _admin_levels(r: Reader) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    names = tuple(r.short("intake.admin_levels", n, 60) for n in r.text_list("intake.admin_levels"))
    by_language: dict[str, tuple[str, ...]] = {}
    raw = r.get("intake.admin_levels_by_language")
    if isinstance(raw, dict):
        for lang in raw:
            key = f"intake.admin_levels_by_language.{lang}"
            if lang not in SUPPORTED_LANGUAGES:
                r.fail(key, f"'{lang}' is not a report language", f"use one of {', '.join(SUPPORTED_LANGUAGES)}")
                continue
            by_language[lang] = tuple(r.short(key, n, 60) for n in r.text_list(key))
    elif raw is not None:
        r.fail("intake.admin_levels_by_language", "'intake.admin_levels_by_language' must be a table",
               'write it as [intake.admin_levels_by_language] with lines like ar = ["الولاية", "المحلية"]')
    return names, by_language



def _email(r: Reader, languages: tuple[str, ...]) -> EmailSettings:
    raw = r.get("email")
    if raw is None:
        return EmailSettings()
    if not isinstance(raw, dict):
        r.fail("email", "'email' must be a table", "write it as [email] with to = [...] and cc = [...]")
        return EmailSettings()

    def addresses(key: str) -> tuple[str, ...]:
        values = r.text_list(key)
        for value in values:
            if "@" not in value or any(c in value for c in "\r\n,;"):
                r.fail(key, f"'{value}' is not one e-mail address", 'write each address in its own quotes')
        return values

    by_language = {}
    for key, value in raw.items():
        if key in ("to", "cc", "sender"):
            continue
        if key not in languages or not isinstance(value, dict):
            r.fail(f"email.{key}", f"unknown e-mail setting '{key}'",
                   "use to, cc, sender, or a [email.<language>] table for a language of the report")
            continue
        by_language[key] = (addresses(f"email.{key}.to"), addresses(f"email.{key}.cc"))
    sender = r.text("email.sender", required=False)
    if sender and "@" not in sender:
        r.fail("email.sender", f"'{sender}' is not an e-mail address", "write it like name@example.org")
    return EmailSettings(sender=sender, to=addresses("email.to"), cc=addresses("email.cc"), by_language=by_language)


def _funding(r: Reader) -> Funding | None:
    raw = r.get("funding")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.fail("funding", "'funding' must be a table", "write it as [funding] with required and received")
        return None
    required = r.integer("funding.required", minimum=1)
    received = r.integer("funding.received", minimum=0)
    as_of = r.date("funding.as_of") if "as_of" in raw else None
    source = r.text("funding.source", required=False)
    return Funding(required=required, received=received, source=source, as_of=as_of)


def _contacts(r: Reader) -> tuple[Contact, ...]:
    raw = r.get("contacts")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.fail("contacts", "'contacts' must be a list of [[contacts]] tables",
               "write each contact as a [[contacts]] block with name, title, email")
        return ()
    contacts = []
    for i, item in enumerate(raw, start=1):
        key = f"contacts[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            r.fail(key, f"contact {i} has no name", "add name = \"…\" to that [[contacts]] block")
            continue
        values = {k: r.short(f"{key}.{k}", str(item.get(k, "")).strip()) for k in ("name", "title", "email", "phone")}
        if values["email"] and "@" not in values["email"]:
            r.fail(f"{key}.email", f"'{values['email']}' is not an e-mail address",
                   "write it like name@example.org")
        contacts.append(Contact(**values))
    return tuple(contacts)


SCAFFOLD = """\
# sitrep report workspace. Every key is explained in the README ("report.toml").

[report]
country = "{country}"                 # ISO 3166-1 alpha-3
crisis = "Crisis title"         # e.g. "Escalation in North-West Syria"
slug = ""                       # file-name stem; empty = derived from country and crisis
type = "flash-update"           # flash-update | situation-report
number = 1
as_of = {today}                 # the date the figures are valid for
languages = ["en"]
template = "flash-update"
organisation = "Your organisation"
illustrative = false            # true prints "Illustrative example data" on every page
arabic_digits = "latin"         # Arabic report digits: latin (0-9) | arabic-indic (٠-٩)

# next_report = 2024-12-06      # Situation Reports announce the next issue

[period]
start = {today}
end = {today}

[intake]
{gazetteer}
{levels}
files = ["inputs/*.xlsx", "inputs/*.xlsm", "inputs/*.xls", "inputs/*.ods", "inputs/*.csv"]

[merge]
policy = "priority"             # priority | maximum | latest
priority = ["Your organisation"]

[output]
dir = "dist"

[email]                         # recipients of the drafts that `sitrep build --email` writes
to = []                         # e.g. ["partners@example.org"]; empty: the drafts have no To:
cc = []                         # e.g. ["im@example.org"]
sender = ""                     # empty: the mail client's own account
# [email.ar]                    # other recipients for one language of the report
# to = ["partners-ar@example.org"]

# [funding]                     # optional: shown by templates with a funding block
# required = 100000000          # US dollars
# received = 25000000
# source = "OCHA Financial Tracking Service (FTS)"
# as_of = {today}

# [map]                         # optional: the map of affected areas (README, "The map")
# boundaries = "boundaries/cod-ab.zip"   # OCHA COD-AB from HDX (dataset cod-ab-<iso3>)
# measure = "displaced"         # displaced | households | killed | injured | casualties

[[contacts]]
name = "Name Surname"
title = "Head of Office"
email = "name@example.org"
"""


def scaffold_text(today: dt.date, *, country: str = "SYR", gazetteer: str | None = "gazetteer.csv",
                  admin_levels: tuple[str, ...] = ()) -> str:
    """Contents of a new ``report.toml`` (``gazetteer`` None: the key is left commented out, and
    places are read unchecked until a gazetteer is added)."""
    gazetteer_line = (f'gazetteer = "{gazetteer}"' + " " * max(1, 32 - len(gazetteer) - 14)
                      + "# OCHA COD-AB table (ADM1_EN, ADM1_PCODE, ...) or HXL CSV" if gazetteer else
                      f'# gazetteer = "cod-ab.xlsx"     # none yet: download the tabular COD-AB (HDX dataset '
                      f'cod-ab-{country.lower()}) and name it here; until then places are not checked')
    levels = admin_levels or ("Governorate", "District")
    levels_line = (f"admin_levels = [{', '.join(_toml_string(n) for n in levels)}]"
                   "   # shown in tables and intake headers; [intake.admin_levels_by_language] translates")
    return SCAFFOLD.format(today=today.isoformat(), country=country, gazetteer=gazetteer_line, levels=levels_line)


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string
