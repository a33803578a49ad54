"""Every finding code sitrep can emit, declared once (a leaf module: ``errors`` only).

A :class:`Code` is the catalogue entry of one kind of finding, as frictionless declares its
errors: the stable code (``E-negative``), its severity (from the prefix: ``E`` error, ``W``
warning, ``I`` information), a short title and what to do about it. Call sites *call* the
declared object, so a misspelt code is a NameError (and a mypy error), never a new code::

    row.add(E_NEGATIVE(f"'{label}' is -3", hint="type 0 or more", position=row.pos(field)))

The README's code table and the JSON schema of ``--json`` output are generated from
:data:`CODES` (``python -m sitrep.codes markdown|schema``) and checked by tests/test_codes.py.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from sitrep.errors import Finding, Position, Severity

_SEVERITY = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}


@dataclass(frozen=True, slots=True)
class Code:
    """One declared finding code."""

    code: str
    """Stable identifier, ``E-``/``W-``/``I-`` then kebab-case words."""
    title: str
    """What the finding is about, in a few words."""
    action: str
    """What to do about it, in general (each finding's own hint is more specific)."""

    @property
    def severity(self) -> Severity:
        return _SEVERITY[self.code[0]]

    def __call__(self, message: str, *, hint: str | None = None, position: Position | None = None) -> Finding:
        """A finding of this code."""
        return Finding(code=self.code, severity=self.severity, message=message, hint=hint, position=position)

    def __str__(self) -> str:
        return self.code


# Configuration, templates, history, outputs
E_CONFIG = Code("E-config", "report.toml key wrong or missing",
                "correct the key named (a crisis title, organisation or contact detail is at most 200 characters; "
                "intake.files patterns are relative to the workspace)")
E_CONFIG_MISSING = Code("E-config-missing", "no report.toml", "run 'sitrep init DIR' or point at the workspace folder")
E_CONFIG_SYNTAX = Code("E-config-syntax", "report.toml is not valid TOML", "correct the line named")
E_GAZETTEER = Code("E-gazetteer", "gazetteer unreadable or without P-code columns",
                   "use OCHA's COD-AB tabular file (ADM1_PCODE, ADM1_EN …) or an HXL-tagged list")
W_NO_GAZETTEER = Code("W-no-gazetteer", "no gazetteer: places are read as typed, unchecked",
                      "download the COD-AB of the country (HDX dataset cod-ab-<iso3>) and run "
                      "'sitrep init DIR --country ISO3 --gazetteer FILE', or set intake.gazetteer")
E_TEMPLATE = Code("E-template", "template key invalid", "correct the template key named")
E_TEMPLATE_MISSING = Code("E-template-missing", "template not found",
                          "use a shipped template (flash-update, situation-report) or one in WORKSPACE/templates")
E_FONT_MISSING = Code("E-font-missing", "fonts not installed", "reinstall sitrep (the fonts come with it)")
E_OUTPUT_WRITE = Code("E-output-write", "an output file cannot be written",
                      "choose another folder with --out, or close the file if it is open elsewhere")
W_FEEDBACK_LOST = Code("W-feedback-lost", "an annotated copy lacks parts of the partner's workbook (charts, images …)",
                       "nothing: the copy names them on its Findings sheet, and the partner's original keeps them")
W_FEEDBACK_SKIPPED = Code("W-feedback-skipped", "no annotated copy could be made of a partner's file",
                          "send the partner the findings list (validate --json or the findings CSV)")
E_HISTORY = Code("E-history", "history database unusable or number already issued",
                 "follow the hint; the database file is never overwritten")
W_HISTORY_RECORD = Code("W-history-record", "a history record cannot be read back (left out)",
                        "correct the row named or restore history.sqlite from a backup")
E_ISSUE_INTERRUPTED = Code("E-issue-interrupted", "an issue was interrupted before its record and its files were "
                           "both in place", "run 'sitrep history --repair WORKSPACE' to finish it (or undo it) before "
                           "issuing again")
W_ISSUE_FINISHED = Code("W-issue-finished", "an issue interrupted after its record was finished: its staged files "
                        "were moved into place", "nothing; check the files named")
W_DRAFT_ELSEWHERE = Code("W-draft-elsewhere", "a draft written to drafts/ so that issued files stay as issued",
                         "run 'sitrep next' to start the next report")
# The history on a PostgreSQL server (issue #21)
E_HISTORY_UNREACHABLE = Code("E-history-unreachable", "the PostgreSQL server of the history cannot be reached",
                             "check the host, port and database in the history URL, and that the server accepts "
                             "connections from this machine")
E_HISTORY_AUTH = Code("E-history-auth", "the PostgreSQL server refused the login",
                      "check the user and password (SITREP_HISTORY_URL or ~/.pgpass)")
E_HISTORY_PERMISSION = Code("E-history-permission", "the database user lacks a permission the history needs",
                            "ask the database administrator for the GRANT named in the hint")
E_HISTORY_CONNECTION_LOST = Code("E-history-connection-lost",
                                 "the connection to the history was lost while issuing: nothing was recorded",
                                 "the files were left in drafts/; issue again when the server is back")
E_HISTORY_DRIVER = Code("E-history-driver", "the PostgreSQL driver is not installed",
                        "install sitrep with the postgres extra: pip install 'sitrep[postgres]'")
W_HISTORY_SHARED_FOLDER = Code("W-history-shared-folder",
                               "history.sqlite is on a synced or network folder, where SQLite can be corrupted",
                               "keep the workspace on a local disk, or share the history on PostgreSQL "
                               "([history] url)")
W_HISTORY_NOT_MIGRATED = Code("W-history-not-migrated",
                              "the PostgreSQL history is empty while the workspace's history.sqlite has reports",
                              "copy them: sitrep history WORKSPACE --migrate-to URL")
W_HISTORY_PASSWORD = Code("W-history-password", "a password is written in report.toml",
                          "move it to SITREP_HISTORY_URL or ~/.pgpass; report.toml travels with the workspace")
W_NO_DATA = Code("W-no-data", "the intake files hold no data rows: no figure is known",
                 "check that the partners' sheets were filled in and saved, and are in the inputs folder")
W_FIGURE_NOT_REPORTED = Code("W-figure-not-reported", "no partner reported a key figure: the report says 'no data yet'",
                             "collect the figure from the partners, or leave it out of the template's key figures")
E_OUTSIDE_WORKSPACE = Code("E-outside-workspace", "a path leads outside the workspace",
                           "move the file into the workspace, or allow the folder explicitly as the hint says")
E_IMAGE = Code("E-image", "an image (logo) cannot be used", "use a PNG or JPEG of at most the size named")
E_TEXT_LIMIT = Code("E-text-limit", "a text is longer than an output format allows",
                    "shorten the text named to the limit given")
W_LIMIT = Code("W-limit", "a limit was reached; the output shows less than the data holds",
               "raise the limit in report.toml as the hint says, or read the full figures in the data exports")

# Files and their shape
E_FILE_XLS = Code("E-file-xls", "legacy .xls workbook", "save the file as .xlsx in Excel or LibreOffice")
E_FILE_ENCRYPTED = Code("E-file-encrypted", "password-protected workbook",
                        "remove the password (File › Info › Protect Workbook) and save again")
E_FILE_NOT_XLSX = Code("E-file-not-xlsx", "not an .xlsx workbook", "save the file as .xlsx")
E_FILE_NOT_CSV = Code("E-file-not-csv", "not a text CSV file", "export the sheet as CSV (UTF-8)")
E_FILE_TYPE = Code("E-file-type", "file type not read", "send .xlsx or .csv files")
E_FILE_CORRUPT = Code("E-file-corrupt", "damaged file", "open and save the file again, or ask for a new copy")
E_FILE_UNREADABLE = Code("E-file-unreadable", "file cannot be opened",
                         "check that it exists, is readable and is not open in another program")
E_FILE_UNSAFE = Code("E-file-unsafe", "workbook part declares a DTD or entities",
                     "re-save the file in Excel or LibreOffice; Excel never writes DTDs")
E_FILE_TOO_LARGE = Code("E-file-too-large", "file over the size limit",
                        "split the file; a workbook may unpack to at most 500 MB in 10,000 parts")
E_TOO_MANY_ROWS = Code("E-too-many-rows", "sheet over the row limit", "split the sheet (at most 1,000,000 rows)")
E_SHEET_TOO_LARGE = Code("E-sheet-too-large", "sheet spans too many cells",
                         "delete stray cells far from the data (at most 20,000,000 cells)")
E_CELL_TOO_LONG = Code("E-cell-too-long", "text longer than a cell or a page can show",
                       "shorten it (names 200 characters, titles and activities 1,000)")
E_NO_INPUTS = Code("E-no-inputs", "no intake files found", "put .xlsx or .csv files in the workspace's inputs/")
E_NO_INTAKE_SHEET = Code("E-no-intake-sheet", "no sheet of the workbook is an intake sheet",
                         "name the sheets as in the blank template, or add an HXL hashtag row")
E_NO_HEADER = Code("E-no-header", "no header row found", "keep the template's header rows")
E_MISSING_COLUMN = Code("E-missing-column", "a required column is missing", "add the column named")
E_NO_MEASURE_COLUMN = Code("E-no-measure-column", "a sheet has none of its kind's figure columns",
                           "add at least one figure column (e.g. Killed, or Injured); the others may be left out")
E_CSV_KIND = Code("E-csv-kind", "cannot tell which intake sheet a CSV holds",
                  "name the file after the sheet (casualties.csv) or add an HXL hashtag row")
E_CSV_ENCODING = Code("E-csv-encoding", "CSV text encoding unknown", "save the CSV as UTF-8")
E_SHEET_NAME = Code("E-sheet-name", "sheet name is a near miss of an intake sheet's",
                    "rename the sheet as the hint says")
W_FILE_NOT_READ = Code("W-file-not-read", "spreadsheet in an intake folder that no pattern matches",
                       "rename it, or add a pattern to intake.files")
W_CSV_ENCODING = Code("W-csv-encoding", "CSV not in UTF-8", "check the letters; save as UTF-8 next time")
W_HIDDEN_ROWS = Code("W-hidden-rows", "rows hidden in Excel (read and counted)",
                     "unhide them to check, or delete the rows that should not count")
W_LABEL_HASHTAG = Code("W-label-hashtag", "a header label contradicts its HXL hashtag",
                       "correct the label or the hashtag; the hashtag is used")
W_SHEET_NOT_READ = Code("W-sheet-not-read", "a sheet that looks like data fits no data kind (its rows are not read)",
                        "add the missing columns named, or HXL hashtags, so its rows can be read")
W_MERGED_FIGURE = Code("W-merged-figure", "a figure cell merged over several data rows (read in its first row only)",
                       "unmerge the cells and type each row's figure")
W_HASHTAG_REPEATED = Code("W-hashtag-repeated", "the same hashtag on two columns (the first is read)",
                          "delete the second column or give it its own hashtag")
W_DATE_FROM_REPORTED = Code("W-date-from-reported", "no event date: the reporting date (#date+reported) is used",
                            "add a #date column when events and reports fall on different days")
E_LOCATION_COLUMN = Code("E-location-column", "no value of a place column is a known place",
                         "check that the column holds names or P-codes of this country's gazetteer")
I_SHEET_BY_CONTENT = Code("I-sheet-by-content", "a sheet read as a data kind by its columns, whatever its name",
                          "nothing")
I_HXL_ATTRIBUTE = Code("I-hxl-attribute", "an HXL attribute that does not change what is counted, or a second "
                       "column of the same meaning", "nothing, unless the column means something else")
I_HXL_SUMMED = Code("I-hxl-summed", "women and men added up because no total is given",
                    "nothing; add a total column if the partner has one")
I_WITHOUT_WORKSPACE = Code("I-without-workspace", "a file checked outside any workspace: places and period not checked",
                           "add --workspace DIR to check them too")
I_SHEET_IGNORED = Code("I-sheet-ignored", "a sheet that is not part of the intake", "nothing, unless it holds data")
I_COLUMN_IGNORED = Code("I-column-ignored", "a column that is not part of the intake", "nothing, unless it is needed")
I_EXAMPLE_ROW = Code("I-example-row", "a blank template's example row, skipped", "nothing")

# Cells and rows
E_REQUIRED = Code("E-required", "a required cell is empty", "fill in the cell")
E_NOT_NUMBER = Code("E-not-number", "not a whole number", "type digits only, e.g. 1234")
E_NOT_DATE = Code("E-not-date", "not a date", "type the date as YYYY-MM-DD")
E_NEGATIVE = Code("E-negative", "a figure below zero", "type 0 or more")
E_FORMULA_NO_VALUE = Code("E-formula-no-value", "a formula whose result was never saved",
                          "open and save the file in Excel or LibreOffice, or type the figure")
E_EXCEL_ERROR = Code("E-excel-error", "a cell shows an Excel error value", "correct the formula or type the figure")
E_UNKNOWN_LOCATION = Code("E-unknown-location", "place not in the gazetteer", "use a name or P-code from the gazetteer")
E_LOCATION_MISMATCH = Code("E-location-mismatch", "name and P-code, or district and governorate, disagree",
                           "correct one of the two")
I_LOCATION_FUZZY = Code("I-location-fuzzy", "a place read from a close spelling of its name",
                        "check the place; type the official name or the P-code to be sure")
E_UNKNOWN_CATEGORY = Code("E-unknown-category", "value not in the list", "pick a value from the drop-down list")
E_SUBGROUP = Code("E-subgroup", "a part larger than its whole", "check both cells")
E_DATE_FUTURE = Code("E-date-future", "a date after today", "check the year and the month")
W_ROW_NO_FIGURE = Code("W-row-no-figure", "a row whose figure cells are all blank (not counted)",
                       "type the figures known, 0 where there were none; blank means not known")
E_ROW = Code("E-row", "row unusable for no other stated reason", "check the row")
W_ESTIMATE = Code("W-estimate", "an estimate (~500, 500+)", "confirm with the partner")
W_DATE_AMBIGUOUS = Code("W-date-ambiguous", "a day/month that could be swapped", "type dates as YYYY-MM-DD")
W_DATE_BEFORE_PERIOD = Code("W-date-before-period", "dated before the reporting period (not counted)",
                            "check the date, or widen [period]")
W_REACHED_OVER_TARGET = Code("W-reached-over-target", "more people reached than targeted", "check both figures")
W_DUPLICATE_ROW = Code("W-duplicate-row", "a row repeats another in the same file (counted once)",
                       "delete one of the two rows")
I_DATE_AFTER_AS_OF = Code("I-date-after-as-of", "dated after the as-of date (kept for a later report)", "nothing")
W_COORDINATE = Code("W-coordinate", "a latitude or longitude that cannot be read (place kept, no point)",
                    "type decimal degrees (36.2021) or degrees, minutes, seconds (36°12'07\"N)")

# Narrative and sources
E_PLACEHOLDER = Code("E-placeholder", "unknown or malformed {placeholder}", "use one of the placeholders listed")
E_DUPLICATE_REF = Code("E-duplicate-ref", "a source reference used twice", "give each source its own reference")
W_UNKNOWN_SOURCE = Code("W-unknown-source", "a narrative cites an unknown source",
                        "add it to Sources or correct the reference")
W_TRANSLATION_MISSING = Code("W-translation-missing", "a paragraph or title has no translation",
                             "add the text in that language (English is shown meanwhile)")
W_LABEL_MISSING = Code("W-label-missing", "a label has no translation", "add it to the catalog or the template")
W_REPORT_TYPE = Code("W-report-type", "report.toml's type differs from the template's (the template's is used)",
                     "make report.type and the template agree")

# Merge
W_CONFLICT = Code("W-conflict", "partners disagree (settled by the policy)", "confirm with both partners")
W_LEVEL_OVERLAP = Code("W-level-overlap", "governorate and district (or district and site) rows overlap",
                       "report either the total or its parts")

# The map (never blocks the report: the map is left out)
W_MAP_BOUNDARIES_MISSING = Code("W-map-boundaries-missing", "no boundary file for the map",
                                "save the country's COD-AB from HDX (cod-ab-<iso3>) where [map] boundaries says")
W_MAP_BOUNDARIES_UNREADABLE = Code("W-map-boundaries-unreadable", "boundary file cannot be read",
                                   "save it as GeoJSON (EPSG:4326) or a zipped shapefile, as HDX publishes it")
W_MAP_BOUNDARIES_TOO_LARGE = Code("W-map-boundaries-too-large", "boundary file over map.max_size_mb",
                                  "use one admin level's layer, or raise map.max_size_mb")
W_MAP_PCODE_FIELD = Code("W-map-pcode-field", "no P-code field in the boundary file",
                         "name the field with pcode_field under [map] (COD-AB: ADM2_PCODE)")
W_MAP_PCODE_MISMATCH = Code("W-map-pcode-mismatch", "no P-code of the boundary file is in the gazetteer",
                            "use boundaries of the gazetteer's country and edition")
W_MAP_AREA_NO_SHAPE = Code("W-map-area-no-shape", "areas with figures have no shape (not shaded)",
                           "check that the boundaries are the gazetteer's edition")
I_MAP_PCODES_MATCHED = Code("I-map-pcodes-matched", "how many areas of the boundary file match the gazetteer",
                            "nothing; unmatched areas are drawn unshaded")
I_MAP_UNPLACED = Code("I-map-unplaced", "figures reported without a district are not on the map", "nothing")
W_MAP_POINT_OUTSIDE = Code("W-map-point-outside", "a location's point is outside the map or far from its district "
                           "(not marked)", "check the coordinates (swapped? sign?) and the district")


CODES: dict[str, Code] = {c.code: c for c in globals().values() if isinstance(c, Code)}
"""Every declared code by its string, in declaration order."""


def markdown_table() -> str:
    """The README's table of finding codes."""
    lines = ["| Code | Severity | What it means | What to do |", "|---|---|---|---|"]
    for c in CODES.values():
        lines.append(f"| `{c.code}` | {c.severity} | {c.title} | {c.action} |")
    return "\n".join(lines) + "\n"


def json_schema() -> dict[str, object]:
    """JSON Schema of one finding as ``--json`` prints it (:meth:`Finding.to_dict`)."""
    nullable_str = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "sitrep-finding",
        "title": "sitrep finding",
        "type": "object",
        "additionalProperties": False,
        "required": ["code", "severity", "file", "sheet", "cell", "row", "key", "message", "hint"],
        "properties": {
            "code": {"enum": list(CODES)},
            "severity": {"enum": [str(s) for s in Severity]},
            "file": nullable_str, "sheet": nullable_str, "cell": nullable_str,
            "row": {"type": ["integer", "null"], "minimum": 1},
            "key": nullable_str, "message": {"type": "string"}, "hint": nullable_str,
        },
    }


def _main(argv: list[str]) -> int:
    import json

    if argv == ["markdown"]:
        sys.stdout.write(markdown_table())
    elif argv == ["schema"]:
        sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stderr.write("usage: python -m sitrep.codes markdown|schema\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
