"""Blank intake workbooks for partners (``sitrep intake new``).

One workbook per language: an Instructions sheet, then one sheet per data kind with the header
labels (row 1), a greyed example row (row 2) and the HXL hashtag row (row 3); partners type from
row 4. Because the example sits *above* the hashtag row, the reader (and any HXL tool) never
takes it for data. Excel data validation guides the typing: drop-down lists of admin areas,
categories and partner organisations (kept on a hidden "Lists" sheet, so lists longer than
Excel's 255-character limit for inline lists work), whole numbers ≥ 0 and dates in a sane
range, each with an input message and an error alert in the template's language.

The same inputs give a byte-identical file: document dates and the zip entries' timestamps are
fixed, so the templates committed in ``inputs/`` can be checked for freshness.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict

from sitrep.gazetteer import AdminLevels, Area, Gazetteer
from sitrep.intake.cells import looks_like_formula
from sitrep.intake.reader import LISTS_SHEET
from sitrep.intake.schema import LANGUAGES, NARRATIVE, SHEETS, Column, Kind, SheetSpec, translate
from sitrep.intake.template_texts import EXAMPLE_VALUES, TEXTS, TemplateTexts

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.worksheet import Worksheet

TEMPLATE_LANGUAGES = LANGUAGES
LABEL_ROW, EXAMPLE_ROW, HASHTAG_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
LAST_ROW = 1048576
"""Validation covers whole columns below the header, however many rows a partner pastes."""
DATE_RANGE = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
"""Dates outside this range are refused while typing (the validator catches later slips)."""
FIXED_TIME = dt.datetime(2024, 1, 1)
"""Document dates written into every template, so that the files are reproducible."""
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_REQUIRED_FILL, _OPTIONAL_FILL, _EXAMPLE_FILL, _HASHTAG_FILL = "1F4E79", "DCE6F1", "F2F2F2", "E7E6E6"
_WIDTHS = {Kind.DATE: 13, Kind.INT: 12, Kind.CATEGORY: 22, Kind.TEXT: 22}
_WIDE_TEXT = {"notes": 40, "activity": 36, "title": 44, "url": 30, "org": 26}


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateOptions:
    """What a template is made for."""

    language: str = "en"
    gazetteer: Gazetteer | None = None
    """Admin areas for the drop-down lists (none: place columns are free text)."""
    organisations: tuple[str, ...] = ()
    """Partner names for the organisation drop-down (other names stay allowed)."""
    admin_levels: AdminLevels | None = None
    """What the place columns are headed (State, Locality …); None: the gazetteer's, else Governorate, District."""


_PLACE_FIELDS = {"adm1_name": (1, False), "adm1_code": (1, True), "adm2_name": (2, False), "adm2_code": (2, True)}


def _label(col: Column, options: TemplateOptions) -> str:
    """The column's header label; place columns carry the country's level names."""
    levels = options.admin_levels or (options.gazetteer.admin_levels() if options.gazetteer else None)
    if col.field not in _PLACE_FIELDS or levels is None or levels.is_default:
        return col.label_in(options.language)
    level, code = _PLACE_FIELDS[col.field]
    name = levels.name(level, options.language) or levels.english(level)
    return f"{name} (P-code)" if code else name


_PLACE_HELP = {  # the shipped help names Syria's governorates and SY02; another country's levels get these
    "en": ("{name}, from the list.", "{name}, from the list. Optional when the name is given."),
    "fr": ("{name} : choisir dans la liste.", "{name} : choisir dans la liste. Facultatif si le nom est indiqué."),
    "es": ("{name}: elija de la lista.", "{name}: elija de la lista. Opcional si se indica el nombre."),
    "ar": ("{name}: اختر من القائمة.", "{name}: اختر من القائمة. اختياري إذا ذُكر الاسم."),
}


def _place_help(col: Column, options: TemplateOptions, shipped: str) -> str:
    """The input message of a place column: the shipped one, or one naming the country's level."""
    label = _label(col, options)
    if col.field not in _PLACE_FIELDS or label == col.label_in(options.language):
        return shipped
    name_help, code_help = _PLACE_HELP.get(options.language, _PLACE_HELP["en"])
    return (code_help if _PLACE_FIELDS[col.field][1] else name_help).format(name=label)


def template_file_name(language: str) -> str:
    """The file name of the shipped blank template in ``language``."""
    return f"intake-template_{language}.xlsx"


def write_template(options: TemplateOptions) -> bytes:
    """The blank intake workbook as .xlsx bytes."""
    from openpyxl import Workbook

    if options.language not in TEMPLATE_LANGUAGES:
        raise ValueError(f"no template texts for language {options.language!r}")
    texts = TEXTS[options.language]
    wb = Workbook()
    for sheet in list(wb.worksheets):  # the default empty sheet
        wb.remove(sheet)
    lists = _Lists(wb)
    _instructions(wb, options, texts)
    for spec in SHEETS:
        _data_sheet(wb, spec, options, texts, lists)
    lists.sheet.sheet_state = "hidden"
    wb.move_sheet(lists.sheet, offset=len(wb.sheetnames) - 1)
    wb.active = 0
    if options.language == "ar":
        for ws in wb.worksheets:
            ws.sheet_view.rightToLeft = True
    wb.properties.title = texts.title
    wb.properties.language = options.language
    return save_reproducibly(wb)


def save_reproducibly(wb: Workbook) -> bytes:
    """Save with fixed document dates and zip timestamps (openpyxl stamps the current time)."""
    from openpyxl.xml.functions import tostring

    wb.properties.creator = wb.properties.lastModifiedBy = "sitrep"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    wb.properties.modified = FIXED_TIME  # save() set it to now: write the core properties again
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = core if item.filename == "docProps/core.xml" else src.read(item.filename)
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


class _Lists:
    """The hidden sheet holding every drop-down list, one column each."""

    def __init__(self, wb: Workbook) -> None:
        self.sheet = wb.create_sheet(LISTS_SHEET)
        self.ranges: dict[str, str] = {}

    def add(self, key: str, values: Sequence[str]) -> str:
        """The absolute range of a list (``Lists!$C$2:$C$15``), written on first use."""
        from openpyxl.utils import get_column_letter

        if key not in self.ranges:
            number = len(self.ranges) + 1
            put(self.sheet, 1, number, key)
            for i, value in enumerate(values, start=2):
                put(self.sheet, i, number, value)
            column = get_column_letter(number)
            self.ranges[key] = f"{LISTS_SHEET}!${column}$2:${column}${len(values) + 1}"
        return self.ranges[key]


CellValue = str | int | float | dt.date | None
"""What sitrep writes into a template cell."""


def put(ws: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write a value that may come from outside (a gazetteer name, a partner's name): characters
    a workbook cannot hold are dropped, and text that a spreadsheet would run as a formula
    (``=HYPERLINK(…)``, ``+…``, ``-…``, ``@…``) is stored as text with Excel's quote prefix, so it
    is shown as typed and stays text even when the cell is edited."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row, column, value)
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _help(texts: TemplateTexts, spec: SheetSpec, col: Column, options: TemplateOptions) -> str:
    key = "text" if col.field.startswith("text_") else col.field
    return _own_places(texts.column_help.get(f"{spec.name}.{key}") or texts.column_help.get(key, ""), options, texts)


def _area_lists(gazetteer: Gazetteer, language: str) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for level in (1, 2):
        areas = gazetteer.level(level)
        lists[f"adm{level}_name"] = sorted({a.name_in(language) for a in areas}, key=str.casefold)
        lists[f"adm{level}_code"] = [a.pcode for a in areas]
    return lists


def _example(spec: SheetSpec, col: Column, options: TemplateOptions, texts: TemplateTexts) -> CellValue:
    """The example row's value for a column, in the template's language (places from the
    workspace gazetteer when there is one)."""
    lang = options.language
    gaz = options.gazetteer
    if gaz is not None and col.field.startswith(("adm1", "adm2")):
        areas = _example_areas(gaz)
        if areas:
            area = areas[0] if col.field.startswith("adm1") else areas[1]
            if area is None:
                return None
            return area.pcode if col.field.endswith("code") else area.name_in(lang)
    if col.field.startswith("text_"):
        return texts.example["text"] if col.field == f"text_{lang}" else None
    if col.field == "notes" or (spec.name == "Sources" and col.field == "title"):
        return _own_places(texts.example["notes" if col.field == "notes" else "title"], options, texts)
    value = EXAMPLE_VALUES[spec.name].get(col.field, texts.example.get(col.field))
    if col.kind is Kind.CATEGORY and isinstance(value, str):
        return translate(value, lang)
    return _own_places(value, options, texts) if isinstance(value, str) else value


def _example_areas(gazetteer: Gazetteer) -> tuple[Area, Area | None] | None:
    """The governorate and district the example row names: the first governorate that has
    districts, and its first district."""
    parents = [a for a in gazetteer.level(1) if gazetteer.level(2, a.pcode)] or gazetteer.level(1)
    if not parents:
        return None
    return parents[0], next(iter(gazetteer.level(2, parents[0].pcode)), None)


def _own_places(text: str, options: TemplateOptions, texts: TemplateTexts) -> str:
    """``text`` with the built-in example's Syrian places (names, community, P-codes such as
    ``SY0200``) replaced by the workspace gazetteer's, so that a workbook made for Sudan shows
    Sudanese places in its example row and help texts; unchanged without a gazetteer."""
    areas = _example_areas(options.gazetteer) if options.gazetteer is not None else None
    if areas is None:
        return text
    lang = options.language
    adm1, adm2 = areas
    district = adm2 or adm1
    replacements = ((texts.example["adm2_name"], district.name_in(lang)),
                    (texts.example["place"], district.name_in(lang)), (texts.example["adm1_name"], adm1.name_in(lang)),
                    (EXAMPLE_VALUES["Casualties"]["adm2_code"], district.pcode),
                    (EXAMPLE_VALUES["Casualties"]["adm1_code"], adm1.pcode))
    for built_in, own in replacements:
        text = text.replace(str(built_in), own)
    return text


def _ordered_columns(spec: SheetSpec, language: str) -> list[Column]:
    """The sheet's columns; in the Narrative sheet, the template's language comes first."""
    if spec is not NARRATIVE:
        return list(spec.columns)
    own = [c for c in spec.columns if c.field == f"text_{language}"]
    return [c for c in spec.columns if c.field == "section"] + own + \
           [c for c in spec.columns if c not in own and c.field != "section"]


def _data_sheet(wb: Workbook, spec: SheetSpec, options: TemplateOptions, texts: TemplateTexts,
                lists: _Lists) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = options.language
    ws = wb.create_sheet(spec.name_in(lang))
    areas = _area_lists(options.gazetteer, lang) if options.gazetteer and options.gazetteer.checked else {}
    for index, col in enumerate(_ordered_columns(spec, lang), start=1):
        letter = get_column_letter(index)
        required = col.required or (spec.location_required and col.field == "adm1_name")
        label = ws.cell(LABEL_ROW, index, _label(col, options))
        label.font = Font(bold=True, color="FFFFFF" if required else "1F3864")
        label.fill = PatternFill("solid", fgColor=_REQUIRED_FILL if required else _OPTIONAL_FILL)
        label.alignment = _aligned(lang, Alignment(wrap_text=True, vertical="center"))
        example = put(ws, EXAMPLE_ROW, index, _example(spec, col, options, texts))
        example.font = Font(italic=True, color="808080")
        example.fill = PatternFill("solid", fgColor=_EXAMPLE_FILL)
        example.alignment = _aligned(lang, Alignment())
        tag = ws.cell(HASHTAG_ROW, index, col.tag)
        tag.font = Font(size=9, color="7F7F7F")
        tag.fill = PatternFill("solid", fgColor=_HASHTAG_FILL)
        tag.alignment = Alignment(readingOrder=1)  # hashtags read left to right in every language
        if col.kind is Kind.DATE:
            example.number_format = "yyyy-mm-dd"
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif col.kind is Kind.INT:
            example.number_format = "#,##0"
        width = 60 if col.field.startswith("text_") else _WIDE_TEXT.get(col.field, _WIDTHS[col.kind])
        ws.column_dimensions[letter].width = max(width, min(len(_label(col, options)) + 3, 30), len(col.tag) * 0.8 + 2)
        _validate(ws, letter, spec, col, options, texts, lists, areas)
    ws.row_dimensions[LABEL_ROW].height = 33
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    _landscape(ws)


class _Rule(TypedDict, total=False):
    """What a column's data validation accepts (the keyword arguments of DataValidation)."""

    type: Literal["whole", "date", "list"]
    operator: Literal["between", "greaterThanOrEqual"]
    formula1: str
    formula2: str


def _validate(ws: Worksheet, letter: str, spec: SheetSpec, col: Column, options: TemplateOptions,
              texts: TemplateTexts, lists: _Lists, areas: dict[str, list[str]]) -> None:
    """The column's data validation: what may be typed, an input message and an error alert."""
    from openpyxl.worksheet.datavalidation import DataValidation

    alert = None
    style: Literal["stop", "warning", "information"] = "stop"
    kind: _Rule = {}
    if col.kind is Kind.DATE:
        low, high = ((d - _EXCEL_EPOCH).days for d in DATE_RANGE)
        kind = {"type": "date", "operator": "between", "formula1": str(low), "formula2": str(high)}
        alert = texts.date_alert
    elif col.kind is Kind.INT:
        kind = {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}
        alert, style = texts.count_alert, "warning"  # "~500" stays possible, after a confirmation
    elif col.kind is Kind.CATEGORY:
        kind = {"type": "list", "formula1": lists.add(col.field, col.categories_in(options.language))}
        alert = texts.list_alert
    elif col.field in areas and areas[col.field]:
        kind = {"type": "list", "formula1": lists.add(col.field, areas[col.field])}
        alert = texts.area_alert
    elif col.field == "org" and spec.name != "Sources" and options.organisations:
        kind = {"type": "list", "formula1": lists.add("org", options.organisations)}
        alert, style = texts.org_alert, "information"  # a new partner may type its own name
    rule = DataValidation(**kind, allow_blank=True, showInputMessage=True, showErrorMessage=alert is not None,
                          promptTitle=_label(col, options)[:32],
                          prompt=_place_help(col, options, _help(texts, spec, col, options)),
                          errorTitle=alert.title if alert else None, error=alert.message if alert else None,
                          errorStyle=style)
    rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}")
    ws.add_data_validation(rule)


def _instructions(wb: Workbook, options: TemplateOptions, texts: TemplateTexts) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = options.language
    ws = wb.create_sheet(translate("Instructions", lang))
    widths = (18, 28, 27, 12, 62, 30)
    for letter, width in zip("ABCDEF", widths, strict=True):
        ws.column_dimensions[letter].width = width
    total = sum(widths)
    wrap = _aligned(lang, Alignment(wrap_text=True, vertical="top"))
    row = 1

    def paragraph(text: str, font: Font | None = None, gap: int = 0) -> None:
        nonlocal row
        ws.cell(row, 1, text).alignment = wrap
        if font is not None:
            ws.cell(row, 1).font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.row_dimensions[row].height = _height(text, total, 20 if font and font.size else 15)
        row += 1 + gap

    paragraph(texts.title, Font(bold=True, size=16, color=_REQUIRED_FILL), gap=0)
    paragraph(texts.intro, gap=1)
    paragraph(texts.steps_heading, Font(bold=True, size=13, color=_REQUIRED_FILL))
    for number, step in enumerate(texts.steps, start=1):
        paragraph(f"{number}. {step}")
    row += 1
    paragraph(texts.sheets_heading, Font(bold=True, size=13, color=_REQUIRED_FILL))
    head_fill = PatternFill("solid", fgColor=_OPTIONAL_FILL)
    for column, heading in enumerate(texts.table_headings, start=1):
        cell = ws.cell(row, column, heading)
        cell.alignment = wrap
        cell.font = Font(bold=True)
        cell.fill = head_fill
    row += 1
    for spec in SHEETS:
        ws.cell(row, 1, spec.name_in(lang)).font = Font(bold=True, color=_REQUIRED_FILL)
        ws.cell(row, 1).alignment = wrap
        ws.cell(row, 2, texts.sheet_help[spec.name]).alignment = wrap
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        ws.row_dimensions[row].height = _height(texts.sheet_help[spec.name], total - widths[0], 15)
        row += 1
        for col in _ordered_columns(spec, lang):
            example = _example(spec, col, options, texts)
            required = texts.required if col.required else (
                texts.location_required if spec.location_required and col.field.startswith("adm") else
                texts.figure_required if col.field in spec.measures else "")
            values = (None, _label(col, options), col.tag, required,
                      _place_help(col, options, _help(texts, spec, col, options)), _shown(example))
            for column, value in enumerate(values, start=1):
                if value:
                    put(ws, row, column, value).alignment = wrap
            ws.cell(row, 3).font = Font(size=9, color="7F7F7F")
            ws.cell(row, 3).alignment = Alignment(readingOrder=1, vertical="top")
            ws.row_dimensions[row].height = max(_height(str(values[4]), widths[4], 15),
                                                _height(str(values[5] or ""), widths[5], 15))
            row += 1
    _landscape(ws)


def _landscape(ws: Worksheet) -> None:
    """Printed landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _aligned(language: str, alignment: Alignment) -> Alignment:
    """Arabic cells read right to left whatever character they start with (a digit, a "#")."""
    from openpyxl.styles import Alignment

    if language != "ar":
        return alignment
    return Alignment(horizontal=alignment.horizontal, vertical=alignment.vertical, wrap_text=alignment.wrap_text,
                     readingOrder=2)


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _height(text: str, width: int, line: int) -> float:
    """Row height for wrapped text: Excel does not grow rows of merged cells by itself."""
    return max(1, math.ceil(len(text) * 1.1 / width)) * line + 3
