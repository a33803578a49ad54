"""Distribution: the covering e-mail draft (.eml) in every language, and the data exports (HXL CSV
read back by sitrep's own intake to the same figures, JSON, findings CSV), all byte-stable."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import email
import html
import io
import json
import re
import shutil
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from sitrep.codes import W_CONFLICT
from sitrep.compose import compose_document, load_template, output_stem
from sitrep.compose.document import BulletList, Document, Heading, KeyFigures
from sitrep.compose.email_text import EmailText, compose_email
from sitrep.distribute import (
    HXL_KINDS,
    draft_eml,
    findings_csv,
    hxl_csv,
    neutralise,
    report_datetime,
    report_json,
)
from sitrep.distribute.data import FINDING_FIELDS
from sitrep.errors import Finding, Findings, Position
from sitrep.gazetteer import read_gazetteer
from sitrep.i18n import Localizer
from sitrep.kinds import CASUALTIES, DISPLACEMENT, KINDS, LOCATIONS, NARRATIVE, RESPONSE
from sitrep.merge import MergedData
from sitrep.model import SituationReport
from sitrep.pipeline import Prepared, prepare
from sitrep.render import RENDERERS

from .conftest import EXAMPLE, TODAY

LANGUAGES = ["en", "fr", "es", "ar", "ru"]
TO = ["Partners list <partners@example.org>", "hct@example.org"]
CC = ["Ärzte Koordination <coord@example.org>", "مكتب تنسيق الشؤون الإنسانية في سوريا <ocha.ar@example.org>"]
SENDER = "OCHA Syria <ocha.syria@example.org>"


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(EXAMPLE, today=TODAY)


@dataclasses.dataclass
class Drafted:
    document: Document
    pdf: bytes
    text: EmailText
    eml: bytes
    message: EmailMessage


@pytest.fixture(scope="module")
def drafts(prepared: Prepared) -> dict[str, Drafted]:
    template = load_template(prepared.config.template, prepared.config.workspace)
    out = {}
    for lang in LANGUAGES:
        document, _ = compose_document(prepared.report, template, lang, digits=prepared.config.arabic_digits)
        pdf = RENDERERS["pdf"](document)
        text = compose_email(prepared.report, template, lang, digits=prepared.config.arabic_digits)
        eml = draft_eml(text, attachment=pdf, filename=f"{document.file_stem}.pdf", to=TO, cc=CC, sender=SENDER,
                        date=report_datetime(prepared.report.as_of))
        message = email.message_from_bytes(eml, policy=policy.default)
        assert isinstance(message, EmailMessage)
        out[lang] = Drafted(document=document, pdf=pdf, text=text, eml=eml, message=message)
    return out


def _body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    assert part is not None, subtype
    content = part.get_content()
    assert isinstance(content, str)
    return content


def _highlights(document: Document) -> list[str]:
    """The highlight bullets as the PDF shows them."""
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "highlights")
    bullets = blocks[at + 1]
    assert isinstance(bullets, BulletList)
    return [p.text for p in bullets.items]


# e-mail ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_email_draft_in_every_language(drafts: dict[str, Drafted], prepared: Prepared, language: str) -> None:
    d = drafts[language]
    report = prepared.report
    loc = Localizer(language, country=report.country)
    label = loc.gettext("Flash Update No. {number}").format(number=loc.number(report.number))
    msg = d.message

    subject = msg["Subject"]
    assert subject == d.text.subject  # every space kept (Python's own folder loses some)
    assert label in subject and loc.country_name(report.country) in subject
    assert d.document.title in subject and loc.date(report.as_of) in subject
    if language != "en":
        assert label != "Flash Update No. 1" and d.text.greeting != "Dear colleagues,"
    assert msg["X-Unsent"] == "1"
    assert msg["From"] == SENDER
    assert [f"{a.display_name} <{a.addr_spec}>" for a in msg["Cc"].addresses] == CC
    assert [a.addr_spec for a in msg["To"].addresses] == ["partners@example.org", "hct@example.org"]
    assert msg["Date"].datetime == dt.datetime(2024, 11, 29, 12, tzinfo=dt.UTC)
    assert msg["Message-ID"].endswith("@sitrep.invalid>")
    assert msg["Content-Language"] == language

    plain, markup = _body(msg, "plain"), _body(msg, "html")
    figures = next(b for b in d.document.blocks if isinstance(b, KeyFigures))
    assert len(d.text.key_figures) == len(figures.items) == 4
    for item, line in zip(figures.items, d.text.key_figures, strict=True):
        for piece in (item.value, item.label, item.note):
            assert piece in line
        assert line in plain and html.escape(line) in markup
    highlights = _highlights(d.document)
    assert highlights and [p.text for p in d.text.highlights] == highlights
    for text in highlights:
        assert text in plain and html.escape(text) in markup

    root = f'<html dir="{"rtl" if language == "ar" else "ltr"}" lang="{language}">'
    assert root in markup
    assert ("text-align:right" in markup) is (language == "ar")

    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    pdf = attachments[0]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"{d.document.file_stem}.pdf"
    assert pdf.get_content() == d.pdf


def test_english_email_wording(drafts: dict[str, Drafted]) -> None:
    text = drafts["en"].text
    assert text.subject == ("[DRAFT] Syria: Escalation in North-West Syria — Flash Update No. 1 "
                            "(29 November 2024)")
    assert text.key_figures[0] == "27 civilians killed, including 8 children"
    assert text.intro.startswith("Please find attached Flash Update No. 1")
    assert text.closing == "Kind regards," and text.organisation == "OCHA Syria (illustrative example)"
    assert text.contacts[0].startswith("Jane Example · ")


def test_arabic_email_reads_right_to_left(drafts: dict[str, Drafted]) -> None:
    d = drafts["ar"]
    assert d.text.rtl and d.text.key_figures[0].startswith("القتلى من المدنيين: 27")
    assert 'dir="rtl"' in _body(d.message, "html")
    assert "مسودة" in d.message["Subject"]


def test_eml_is_byte_identical_for_the_same_inputs(drafts: dict[str, Drafted], prepared: Prepared) -> None:
    for d in drafts.values():
        again = draft_eml(d.text, attachment=d.pdf, filename=f"{d.document.file_stem}.pdf", to=TO, cc=CC,
                          sender=SENDER, date=report_datetime(prepared.report.as_of))
        assert again == d.eml
    en = drafts["en"]
    other = draft_eml(en.text, attachment=en.pdf + b"\n", filename="x.pdf", to=TO, cc=[], sender=SENDER,
                      date=report_datetime(prepared.report.as_of))
    assert other != en.eml
    assert email.message_from_bytes(other, policy=policy.default)["Message-ID"] != en.message["Message-ID"]
    assert b"\r\n" in en.eml and b"\n" not in en.eml.replace(b"\r\n", b"")


def test_non_ascii_attachment_name_and_escaped_html(drafts: dict[str, Drafted]) -> None:
    d = drafts["ar"]
    hostile = dataclasses.replace(d.text, organisation='<script>alert("x")</script> & Co')
    name = "تحديث-عاجل-1.pdf"
    eml = draft_eml(hostile, attachment=b"%PDF-1.7 tiny", filename=name, to=[], cc=[], sender="",
                    date=dt.datetime(2024, 11, 29, 12))
    assert re.search(rb"filename\*(0\*)?=utf-8''%D8%AA", eml)  # RFC 2231
    msg = email.message_from_bytes(eml, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == name and attachment.get_content() == b"%PDF-1.7 tiny"
    markup = _body(msg, "html")
    assert "<script>" not in markup and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in markup
    assert msg["From"] is None and msg["To"] is None and msg["Cc"] is None  # Outlook fills From in
    assert msg["Date"].datetime == dt.datetime(2024, 11, 29, 12, tzinfo=dt.UTC)  # naive means UTC
    with pytest.raises(ValueError):
        draft_eml(d.text, attachment=b"", filename="a.pdf", to=["x@example.org\r\nBcc: y@example.org"], cc=[],
                  sender=SENDER, date=dt.datetime(2024, 11, 29, 12))


# data exports ---------------------------------------------------------------------------------


def _figures(report: SituationReport) -> dict[str, Any]:
    return {
        "figures": dataclasses.asdict(report.figures),
        "casualties": [(line.adm1.pcode, line.adm2.pcode if line.adm2 else None, line.subtotal, line.values)
                       for line in report.casualties],
        "displacement": [(line.adm1.pcode, line.adm2.pcode if line.adm2 else None, line.subtotal, line.values)
                         for line in report.displacement],
        "sectors": [(s.sector, s.reached, s.targeted, s.partners) for s in report.sectors],
        "locations": [(loc.adm1.pcode, loc.adm2.pcode if loc.adm2 else None, loc.place, loc.statuses)
                      for loc in report.locations],
        "partners": report.partners_reporting,
    }


def _reread(prepared: Prepared, workspace: Path) -> Prepared:
    """The HXL exports of ``prepared``, alone in a fresh workspace with its report.toml and gazetteer."""
    config = prepared.config
    (workspace / "inputs").mkdir(parents=True)
    shutil.copy(config.workspace / "report.toml", workspace / "report.toml")
    gazetteer_to = workspace / config.gazetteer.relative_to(config.workspace)
    gazetteer_to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(config.gazetteer, gazetteer_to)
    gazetteer = read_gazetteer(config.gazetteer)
    for name, kind in HXL_KINDS.items():
        (workspace / "inputs" / f"{output_stem(prepared.report, name)}.csv").write_bytes(
            hxl_csv(kind, prepared.merged, gazetteer))
    return prepare(workspace, today=TODAY)


def test_hxl_csv_round_trip_gives_the_same_figures(prepared: Prepared, tmp_path: Path) -> None:
    again = _reread(prepared, tmp_path / "again")
    assert not again.findings.has_errors(), [str(f) for f in again.findings.errors]
    assert _figures(again.report) == _figures(prepared.report)
    assert again.report.figures.killed == 27 and again.report.figures.reached == 32830
    assert again.log.count("rejected") == again.log.count("merged") == 0
    assert len(again.merged.of(CASUALTIES)) == len(prepared.merged.of(CASUALTIES))


def test_hxl_csv_layout(prepared: Prepared) -> None:
    gazetteer = read_gazetteer(prepared.config.gazetteer)
    for kind in HXL_KINDS.values():
        data = hxl_csv(kind, prepared.merged, gazetteer)
        assert data.startswith("\ufeff".encode()) and data.count(b"\r\n") == data.count(b"\n")
        assert data == hxl_csv(kind, prepared.merged, gazetteer)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        spec = kind.sheet
        assert rows[0] == [c.label for c in spec.columns] and rows[1] == [c.tag for c in spec.columns]
        assert len(rows) == 2 + len(prepared.merged.of(kind))
        dates = [row[rows[1].index("#date")] for row in rows[2:]]
        assert all(dt.date.fromisoformat(d) for d in dates)
    rows = list(csv.reader(io.StringIO(hxl_csv(DISPLACEMENT, prepared.merged, gazetteer).decode("utf-8-sig"))))
    first = dict(zip(rows[1], rows[2], strict=True))
    area = gazetteer.get(first["#adm2+code"])
    assert area is not None and first["#adm2+name"] == area.name
    assert first["#affected+idps"].isdigit() and int(first["#affected+idps"]) >= 1000  # no separators
    with pytest.raises(ValueError):
        hxl_csv(NARRATIVE, prepared.merged, gazetteer)


def test_hxl_round_trip_keeps_the_part_no_district_explains(
        make_workspace: Callable[..., Path], tmp_path: Path) -> None:
    header = ["Date", "Governorate", "District", "Killed", "Killed (children)", "Injured", "Injured (children)",
              "Reporting organisation"]
    ws = make_workspace({"health.xlsx": {"Casualties": [
        header,
        ["2024-11-28", "Idleb", None, 10, 3, 30, 5, "Alpha"],   # governorate total
        ["2024-11-28", "Idleb", "Ariha", 4, 1, 12, 2, "Alpha"],
        ["2024-11-28", "Idleb", "Harim", 2, 0, 8, 1, "Beta"],
        ["2024-11-29", "Aleppo", None, 1, 1, 0, 0, "Beta"],    # alone: counted as it is
    ]}})
    first = prepare(ws, today=TODAY)
    assert first.report.figures.killed == 11 and first.findings.codes().count("W-level-overlap") == 1
    again = _reread(first, tmp_path / "again")
    assert not again.findings.has_errors(), [str(f) for f in again.findings.errors]
    assert _figures(again.report) == _figures(first.report)


def test_formula_text_is_neutralised(prepared: Prepared) -> None:
    merged = MergedData()
    for kind in KINDS:
        merged.put(kind, list(prepared.merged.of(kind)))
    responses, places = merged.of(RESPONSE), merged.of(LOCATIONS)
    responses[0] = dataclasses.replace(responses[0], org='=HYPERLINK("x")', activity="+cmd|' /C calc'!A0")
    places[0] = dataclasses.replace(places[0], place="@SUM(1+1)", notes="-2+3")
    gazetteer = read_gazetteer(prepared.config.gazetteer)
    response = hxl_csv(RESPONSE, merged, gazetteer).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(response)))
    row = dict(zip(rows[1], rows[2], strict=True))
    assert row["#org"] == "'=HYPERLINK(\"x\")" and row["#activity"] == "'+cmd|' /C calc'!A0"
    rows = list(csv.reader(io.StringIO(hxl_csv(LOCATIONS, merged, gazetteer).decode("utf-8-sig"))))
    row = dict(zip(rows[1], rows[2], strict=True))
    assert row["#loc+name"] == "'@SUM(1+1)" and row["#description"] == "'-2+3"
    for start in "=+-@\t\r":
        assert neutralise(start + "1") == "'" + start + "1"
    assert neutralise("Health Cluster") == "Health Cluster" and neutralise("") == ""

    findings = [W_CONFLICT("=1+2 looks like a formula", hint="@fix", position=Position(file="=x.csv", row=3))]
    rows = list(csv.reader(io.StringIO(findings_csv(findings).decode("utf-8-sig"))))
    assert rows[1][FINDING_FIELDS.index("message")] == "'=1+2 looks like a formula"
    assert rows[1][FINDING_FIELDS.index("file")] == "'=x.csv" and rows[1][FINDING_FIELDS.index("hint")] == "'@fix"


def test_report_json_holds_the_report_figures(prepared: Prepared) -> None:
    findings = list(prepared.findings)
    data = report_json(prepared.report, prepared.merged, findings, prepared.log)
    assert data == report_json(prepared.report, prepared.merged, Findings(list(reversed(findings))), prepared.log)
    doc = json.loads(data)
    f = prepared.report.figures
    assert doc["figures"] == {**{k: v for k, v in dataclasses.asdict(f).items() if k not in ("estimated", "partial")},
                              "estimated": sorted(f.estimated), "partial": sorted(f.partial)}
    governorates = [line for line in doc["casualties"] if line["line"] == "governorate"]
    assert sum(line["values"]["killed"] for line in governorates) == f.killed
    assert sum(line["values"]["idps"] for line in doc["displacement"] if line["line"] == "governorate") == f.displaced
    assert sum(s["reached"] for s in doc["sectors"]) == f.reached
    assert doc["report"]["as_of"] == "2024-11-29" and doc["report"]["type"] == "flash-update"
    assert "findings" not in doc and "merge_log" not in doc  # they are in their CSV files
    assert sum(doc["findings_count"].values()) == len(findings)
    assert doc["merge_log_count"]["used"] == prepared.log.count("used")
    assert b"\n" not in data.rstrip(b"\n")  # compact
    full = json.loads(report_json(prepared.report, prepared.merged, findings, prepared.log, full=True))
    assert {k: v for k, v in full.items() if k not in ("findings", "merge_log")} == doc
    assert len(full["findings"]) == len(findings)
    assert all(list(x) == list(FINDING_FIELDS) for x in full["findings"])
    assert full["merge_log"] == list(prepared.log.rows())
    assert "›" in json.dumps(full, ensure_ascii=False)  # merge-log positions keep their characters


def test_findings_csv_columns(prepared: Prepared) -> None:
    sample = Finding.to_dict(W_CONFLICT("m"))
    assert list(sample) == list(FINDING_FIELDS)
    data = findings_csv(prepared.findings)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(FINDING_FIELDS) and len(rows) == 1 + len(prepared.findings)
    assert data.startswith("\ufeff".encode()) and data == findings_csv(reversed(list(prepared.findings)))
