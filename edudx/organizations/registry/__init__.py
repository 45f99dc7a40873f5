"""The unit registry file (danh mục đơn vị): import, export and template, in one layout.

    import_units(data, filename, by=user, scope=unit) -> ImportReport   (raises RegistryError)
    export_units(path_or_file, queryset=None) -> int
    export_units_bytes(queryset=None) -> bytes
    template_xlsx() -> bytes
    count_rows(data, filename) -> int   (about how many, to choose a background job)

The layout (columns, labels) is in `layout`; the rules for a row are in `reader` and `importer`.
"""

from edudx.organizations.registry.importer import ImportReport, import_units
from edudx.organizations.registry.layout import COLUMNS, SHEET
from edudx.organizations.registry.reader import RegistryError, count_rows
from edudx.organizations.registry.writer import export_units, export_units_bytes, template_xlsx

__all__ = [
    "COLUMNS",
    "SHEET",
    "ImportReport",
    "RegistryError",
    "count_rows",
    "export_units",
    "export_units_bytes",
    "import_units",
    "template_xlsx",
]
