"""An index as an Excel workbook laid out like the annex of its decision.

Authorities receive an index as the annex table of a decision (or a province's guidance) and must be
able to load it without code, by typing that table into a spreadsheet. So the main sheet has the
annex's own six columns in the printed order and its printed wording ("Tối đa 6 điểm", "Mức độ 1:
dưới 10 điểm"); what the annex leaves to the reader but scoring needs (the kind of fact, its unit…)
goes in labelled columns to the right.

Reading builds the same raw mapping as a YAML file and hands it to `schema.parse_framework`, so a
workbook obeys exactly the rules of a data file. Every problem is named by its sheet and cell, in
Vietnamese, because the person fixing it works in Excel, not in our key names. The contract is the
round trip: `read_xlsx(export_xlsx(fw), …) == fw`, human wording of each band included.

Modules: `layout` (sheets, columns, labels), `texts` (the wording of rules, written and read),
`info` (the 'Thông tin' sheet), `guide` (the 'Hướng dẫn' sheet and the template's example),
`writer` (export and template), `reader` and `rows` (import, problems placed on cells).
"""

from edudx.frameworks.excel.info import EFFECT_LABELS
from edudx.frameworks.excel.layout import (
    ANNEX_COLUMNS,
    EXTRA_COLUMNS,
    GUIDE,
    INFO,
    KIND_LABELS,
    MAIN,
    MANDATORY,
    SUGGESTIONS,
)
from edudx.frameworks.excel.reader import read_xlsx
from edudx.frameworks.excel.texts import EXAMPLES
from edudx.frameworks.excel.writer import export_xlsx, template_xlsx

__all__ = [
    "ANNEX_COLUMNS",
    "EFFECT_LABELS",
    "EXAMPLES",
    "EXTRA_COLUMNS",
    "GUIDE",
    "INFO",
    "KIND_LABELS",
    "MAIN",
    "MANDATORY",
    "SUGGESTIONS",
    "export_xlsx",
    "read_xlsx",
    "template_xlsx",
]
