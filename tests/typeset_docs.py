"""Documents built in code for the typesetting tests: every block type, long tables, full pages."""

from __future__ import annotations

from sitrep.compose.document import (
    AreaMap,
    BulletList,
    Chart,
    ChartSeries,
    ContactCard,
    ContactList,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    LegendEntry,
    MapShape,
    Paragraph,
    ProgressBar,
    SourceList,
    Table,
    TableColumn,
    TableRow,
    TitleBand,
)
from sitrep.render.typeset import StyleName

SQUARE = ((36.0, 35.5), (36.5, 35.5), (36.5, 36.0), (36.0, 36.0), (36.0, 35.5))


def every_block() -> tuple[Document, list[tuple[str, StyleName]]]:
    """A document holding every block type, and its texts in reading order with their spec style."""
    expected: list[tuple[str, StyleName]] = [
        ("SYRIA", "band_country"), ("Parity Crisis", "band_title"), ("Flash Update No. 7", "band_label"),
        ("As of 1 December 2024", "band_small"), ("1250", "fig_value"), ("people reached", "fig_label"),
        ("since the start", "fig_note"), ("Overview", "heading1"), ("The lead sentence of the report.", "lead"),
        ("An ordinary body paragraph.", "body"), ("First bullet point.", "bullet"), ("Health", "heading2"),
        ("Needs", "heading3"), ("120 of 300 reached", "cell"), ("Place", "cell_head"), ("Aleppo", "cell"),
        ("Total", "cell_bold"), ("A small note under the table.", "note"), ("Jane Example", "contact_name"),
        ("Head of Office", "contact_line"),
    ]
    blocks = (
        TitleBand(country="Syria", crisis="Parity Crisis", label="Flash Update No. 7",
                  date_line="As of 1 December 2024", period_line="Reporting period: 28 November–1 December 2024"),
        KeyFigures(items=(KeyFigure(value="1250", label="people reached", note="since the start"),)),
        Heading(text="Overview", anchor="overview"),
        Paragraph(text="The lead sentence of the report.", style="lead"),
        Paragraph(text="An ordinary body paragraph.", footnotes=(1,)),
        BulletList(items=(Paragraph(text="First bullet point."),)),
        Heading(text="Health", level=2),
        Heading(text="Needs", level=3),
        ProgressBar(fraction=0.4, caption="120 of 300 reached"),
        Table(columns=(TableColumn(text="Place", weight=2), TableColumn(text="People", numeric=True)),
              rows=(TableRow(cells=("Aleppo", "10")), TableRow(cells=("Total", "10"), kind="total"))),
        Paragraph(text="A small note under the table.", style="note"),
        Chart(kind="bar", title="Chart title", categories=("A", "B", "C"),
              series=(ChartSeries(name="People", values=(1, 2, 3), labels=("1", "2", "3")),), source="Source: test"),
        AreaMap(title="Map title", areas=(MapShape(rings=(SQUARE,), shade=0, label="Area", label_at=(36.25, 35.75)),),
                outlines=(SQUARE,), view=(35.9, 35.4, 36.6, 36.1), classes=1, legend_title="People",
                legend=(LegendEntry(text="1–10", shade=0),), scale_labels=((10, "10 km"), (20, "20 km")),
                notes=("Map note",)),
        SourceList(items=((1, "Source one"),)),
        ContactList(items=(ContactCard(name="Jane Example", title="Head of Office", email="jane@example.org"),)),
    )
    doc = Document(language="en", rtl=False, title="Parity", subject="Parity", author="Tests", file_stem="parity",
                   footer="Tests · Parity", page_label="Page {page} of {pages}", blocks=blocks,
                   as_of_iso="2024-12-01")
    return doc, expected


def long_table(rows: int, *, filler: int = 0, language: str = "en") -> Document:
    """``filler`` body paragraphs, then a heading, an intro sentence and a table of ``rows`` rows."""
    rtl = language == "ar"
    word = "مخيم" if rtl else "Camp"
    text = ("تقرير " * 60) if rtl else ("Words fill the page before the table starts here. " * 12)
    blocks: list[object] = [Paragraph(text=text.strip()) for _ in range(filler)]
    blocks += [
        Heading(text="مواقع" if rtl else "Locations", anchor="locations"),
        Paragraph(text="مقدمة الجدول." if rtl else "The table below lists every site."),
        Table(columns=(TableColumn(text="Site" if not rtl else "الموقع", weight=3),
                       TableColumn(text="People" if not rtl else "الأشخاص", numeric=True)),
              rows=tuple(TableRow(cells=(f"{word} {i}", str(i * 10))) for i in range(1, rows + 1))
              + (TableRow(cells=("Total", "0"), kind="total"),)),
    ]
    return Document(language=language, locale="ar_SY" if rtl else "en_GB", rtl=rtl, title="Long", subject="Long",
                    author="Tests", file_stem="long", footer="Tests", page_label="Page {page} of {pages}",
                    blocks=tuple(blocks))  # type: ignore[arg-type]


def sector(filler: int, *, gaps: int = 3) -> Document:
    """``filler`` paragraphs, then a sector (level 2) with Needs and Gaps sub-headings (level 3)."""
    text = "Words fill the page before the sector starts here. " * 12
    needs = "Needs are described at some length in this paragraph. " * 8
    blocks: list[object] = [Paragraph(text=text.strip()) for _ in range(filler)]
    blocks += [Heading(text="Shelter", level=2), Heading(text="Needs", level=3), Paragraph(text=needs.strip()),
               Heading(text="Gaps", level=3)]
    blocks += [Paragraph(text=needs.strip()) for _ in range(gaps)]
    return Document(language="en", rtl=False, title="Sector", subject="Sector", author="Tests", file_stem="sector",
                    footer="Tests", page_label="Page {page} of {pages}", blocks=tuple(blocks))  # type: ignore[arg-type]


def paragraphs(count: int, *, words: int = 60) -> Document:
    """``count`` body paragraphs of ``words`` words each."""
    text = " ".join(["spacing"] * words)
    return Document(language="en", rtl=False, title="Plain", subject="Plain", author="Tests", file_stem="plain",
                    footer="Tests", page_label="Page {page} of {pages}",
                    blocks=tuple(Paragraph(text=text) for _ in range(count)))
