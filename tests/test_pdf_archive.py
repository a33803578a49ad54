"""Archival PDFs (issue #20): every font embedded and subset with its own tag, a clean qpdf check,
PDF/A-2b metadata and output intent that agree with the info dictionary, and pikepdf's PDF/A
validator (built on veraPDF's rule catalogue) approving every PDF the example gives."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitrep.compose.template import SHIPPED_TEMPLATES
from sitrep.pipeline import build, prepare
from sitrep.render.pdf_archive import PDFA_CONFORMANCE, PDFA_PART, SRGB_IDENTIFIER, archive, srgb_profile, subset_tag

from .conftest import EXAMPLE, TODAY
from .test_templates import sitrep_build  # noqa: F401 - the same, Situation Report template

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
NS = {"dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "rdf": RDF.strip("{}"), "x": "adobe:ns:meta/"}


@pytest.fixture(scope="module")
def example_pdfs(all_languages, sitrep_build) -> list[Path]:  # type: ignore[no-untyped-def]  # noqa: F811
    """Every PDF of the example: the Flash Update and the Situation Report, in every language."""
    pdfs = sorted(all_languages[0].glob("*.pdf")) + sorted(sitrep_build[0].glob("*.pdf"))
    assert len(pdfs) >= 10
    return pdfs


def tool(name: str) -> str:
    exe = shutil.which(name)
    assert exe, f"{name} is needed (Debian poppler-utils / qpdf); ./dev.sh test installs it"
    return exe


def pdffonts(path: Path) -> list[dict[str, str]]:
    """poppler's font list: name, emb, sub, uni for every font the pages use."""
    out = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True,
                         timeout=60).stdout.splitlines()
    assert out[0].split()[:2] == ["name", "type"] and out[1].startswith("---"), out[:2]
    rows = []
    for line in out[2:]:
        parts = line.split()  # the type column may hold spaces ("Type 1"), so read from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def test_every_font_is_embedded_subset_and_tagged_distinctly(example_pdfs: list[Path]) -> None:
    for path in example_pdfs:
        fonts = pdffonts(path)
        assert fonts, path.name
        for font in fonts:
            assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), (path.name, font)
        tags = [f["name"].split("+")[0] for f in fonts]
        assert all(len(t) == 6 and t.isalpha() and t.isupper() for t in tags), (path.name, tags)
        assert len(set(tags)) == len(tags), (path.name, tags)  # reportlab alone gives AAAAAA+ to each


def test_no_font_object_without_a_font_program(example_pdfs: list[Path]) -> None:
    """Also fonts no page shows (pdffonts lists only used ones): Helvetica must be gone entirely."""
    import pikepdf

    for path in example_pdfs:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font:
                    descriptor = obj.get("/FontDescriptor")
                    assert isinstance(descriptor, pikepdf.Dictionary), (path.name, str(obj.get("/BaseFont")))
                    assert "/FontFile2" in descriptor, (path.name, str(obj.BaseFont))


def test_qpdf_finds_no_errors(example_pdfs: list[Path]) -> None:
    for path in example_pdfs:
        run = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, (path.name, run.stdout, run.stderr)
        assert "No syntax or stream encoding errors found" in run.stdout, (path.name, run.stdout)
        assert "is not encrypted" in run.stdout


def test_pikepdf_pdfa_validator_approves_every_pdf(example_pdfs: list[Path]) -> None:
    """pikepdf.pdfa is an allowlist validator over veraPDF's PDF/A-2b rules: anything it does not
    recognise as conforming is a finding, so a pass is meaningful (a fail could be a false alarm)."""
    from pikepdf import pdfa

    for path in example_pdfs:
        report = pdfa.validate_written(path, "2b")
        assert report.passed, (path.name, [str(f) for f in report.findings])


def xmp_of(pdf) -> ET.Element:  # type: ignore[no-untyped-def]
    raw = pdf.Root.Metadata.read_bytes()
    assert raw.startswith(b"<?xpacket begin=") and raw.rstrip().endswith(b'<?xpacket end="w"?>')
    root = ET.fromstring(raw)
    assert root.tag == "{adobe:ns:meta/}xmpmeta"
    descriptions = root.findall("rdf:RDF/rdf:Description", NS)
    assert descriptions and all(d.get(f"{RDF}about") == "" for d in descriptions)
    return root


def prop(root: ET.Element, name: str) -> list[str] | str:
    """A simple property's text, or the items of an array (Alt, Seq, Bag) in order."""
    hits = root.findall(f"rdf:RDF/rdf:Description/{name}", NS)
    assert len(hits) == 1, (name, len(hits))
    items = hits[0].findall("*/rdf:li", NS)
    if items:
        return [li.text or "" for li in items]
    return hits[0].text or ""


def test_xmp_packet_says_what_the_info_dictionary_says(example_pdfs: list[Path]) -> None:
    import pikepdf

    for path in example_pdfs:
        with pikepdf.open(path) as pdf:
            info = {k: str(v) for k, v in pdf.docinfo.items()}
            root = xmp_of(pdf)
            language = str(pdf.Root.Lang)
        assert language == path.stem.rsplit("_", 1)[1]
        assert prop(root, "dc:title") == [info["/Title"]]
        assert prop(root, "dc:creator") == [info["/Author"]]
        assert prop(root, "dc:description") == [info["/Subject"]]
        assert prop(root, "pdf:Keywords") == info["/Keywords"]
        assert prop(root, "dc:subject") == [k.strip() for k in info["/Keywords"].split(",")]
        assert prop(root, "xmp:CreatorTool") == info["/Creator"] == "sitrep"
        assert prop(root, "pdf:Producer") == info["/Producer"]
        assert prop(root, "dc:language") == [language]
        # The as-of date of the report, never the build time: the same bytes on every run.
        assert info["/CreationDate"] == info["/ModDate"] == "D:20241129000000+00'00'"
        for date in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert prop(root, date) == "2024-11-29T00:00:00+00:00", date
        assert prop(root, "pdfaid:part") == PDFA_PART == "2"
        assert prop(root, "pdfaid:conformance") == PDFA_CONFORMANCE == "B"
        assert "/Trapped" not in info  # PDF/A-2's XMP has no twin for it


def test_srgb_output_intent_with_its_icc_profile(example_pdfs: list[Path]) -> None:
    import pikepdf

    profile = srgb_profile()
    # An ICC display profile ("mntr") for RGB data, with the "acsp" signature of the ICC header.
    assert profile[12:16] == b"mntr" and profile[16:20] == b"RGB " and profile[36:40] == b"acsp"
    assert int.from_bytes(profile[:4], "big") == len(profile)
    for path in example_pdfs:
        with pikepdf.open(path) as pdf:
            intents = list(pdf.Root.OutputIntents)
            assert len(intents) == 1, path.name
            intent = intents[0]
            assert intent.S == pikepdf.Name.GTS_PDFA1
            assert str(intent.OutputConditionIdentifier) == SRGB_IDENTIFIER
            assert intent.DestOutputProfile.N == 3
            assert hashlib.sha256(intent.DestOutputProfile.read_bytes()).digest() == \
                hashlib.sha256(profile).digest()
            assert "/Encrypt" not in pdf.trailer


@pytest.mark.parametrize("logo", ["transparent.png", "print-cmyk.jpg"])
def test_reports_with_a_logo_are_pdfa(tmp_path: Path, logo: str) -> None:
    """A logo with an alpha channel (a soft mask, which PDF/A-2 allows), issued (no DRAFT mark);
    a CMYK logo from a print workflow (converted to RGB: the output intent is sRGB), in a draft."""
    from pikepdf import pdfa
    from PIL import Image

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "history.sqlite"))
    folder = ws / "templates" / "with-logo"
    shutil.copytree(SHIPPED_TEMPLATES / "flash-update", folder)
    if logo.endswith(".png"):
        Image.new("RGBA", (240, 80), (0, 128, 64, 90)).save(folder / logo)
    else:
        Image.new("CMYK", (240, 80), (200, 0, 100, 30)).save(folder / logo)
    toml = (folder / "template.toml").read_text(encoding="utf-8").replace('logo = ""', f'logo = "{logo}"')
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    report = (ws / "report.toml").read_text(encoding="utf-8")
    (ws / "report.toml").write_text(report.replace('template = "flash-update"', 'template = "with-logo"'),
                                    encoding="utf-8")
    result = build(prepare(ws, today=TODAY), languages=["en"], formats=["pdf"], out_dir=tmp_path / "out",
                   issue=logo.endswith(".png"))
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    assert has_soft_mask(pdf) == logo.endswith(".png")
    report = pdfa.validate_written(pdf, "2b")
    assert report.passed, [str(f) for f in report.findings]
    assert all(f["emb"] == "yes" for f in pdffonts(pdf))


def has_soft_mask(path: Path) -> bool:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return any(isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image
                   and "/SMask" in obj for obj in pdf.objects)


def test_archiving_is_deterministic_and_tags_follow_the_subset(example_pdfs: list[Path]) -> None:
    import pikepdf

    path = example_pdfs[0]
    with pikepdf.open(path) as pdf:
        again = io_bytes(pdf)
    assert archive(again, language="en") == archive(again, language="en")
    taken: set[str] = set()
    first = subset_tag(b"glyphs", "NotoSans-Regular", taken)
    assert subset_tag(b"glyphs", "NotoSans-Regular", set()) == first  # stable run to run
    assert subset_tag(b"glyphs", "NotoSans-Regular", taken) != first  # never reused in one file
    assert subset_tag(b"other glyphs", "NotoSans-Regular", set()) != first


def io_bytes(pdf) -> bytes:  # type: ignore[no-untyped-def]
    import io

    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()
