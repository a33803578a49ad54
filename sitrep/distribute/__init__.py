"""Distribution: what goes out with a report besides the PDF and DOCX.

* :mod:`sitrep.distribute.email` — the covering e-mail as an unsent ``.eml`` draft (plain text,
  HTML and the PDF attached), byte-identical for the same inputs; nothing is ever sent.
* :mod:`sitrep.distribute.data` — the merged figures as HXL-tagged CSV (readable again by
  sitrep's own intake), as JSON (with the findings and the merge log), and the findings as CSV.
* :mod:`sitrep.distribute.safe` — text written to spreadsheets, neutralised against formulas.

This layer sits between the pipeline and the renderers: it reads the composed e-mail text, the
model, the merged data and the findings, and never imports the pipeline, the CLI or a renderer.
"""

from sitrep.distribute.data import HXL_KINDS, findings_csv, hxl_csv, report_json
from sitrep.distribute.email import draft_eml, report_datetime
from sitrep.distribute.safe import neutralise, spreadsheet_csv

__all__ = ["HXL_KINDS", "draft_eml", "findings_csv", "hxl_csv", "neutralise", "report_datetime", "report_json",
           "spreadsheet_csv"]
