"""Compile the gettext catalogues (locale/*/LC_MESSAGES/*.po → .mo) without GNU gettext, so that
`make run` works on a machine that has only Python."""

from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent / "locale"
for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
    po = polib.pofile(str(po_path))
    po.save_as_mofile(str(po_path.with_suffix(".mo")))
