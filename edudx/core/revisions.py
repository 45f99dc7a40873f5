"""No save overwrites a colleague's newer save — the one mechanism, for every object that more
than one person edits.

A page sends back the revision of what it showed (a hidden `revision` field, or `revision-<section>`
for a text written in sections). The service locks the row, then `expect` compares: unchanged since
the page was loaded → the save goes on and the revision moves forward; changed → `StaleEdit`,
whose message names who saved, when, and what is stored now, so that the person can compare and
nothing they typed is silently lost (the page keeps their input on screen).

A text of several sections (the school report's narrative, the visit record) keeps one revision
per section, and the page sends back with it a fingerprint of the text it showed
(`section_token`): a section the person left as it was loaded is not written at all, so two people
writing different sections both keep their words; only a section changed by both is refused."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edudx.core.errors import DomainError


class Revisioned(models.Model):
    """A row saved only from the revision it was loaded at."""

    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        abstract = True


class SectionRevisioned(models.Model):
    """A text of sections, each saved only from the revision it was loaded at."""

    section_revisions = models.JSONField(
        _("revisions of the sections"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def section_revision(self, section: str) -> int:
        return int((self.section_revisions or {}).get(section, 0))

    def section_text(self, section: str) -> str:
        """A section as its page shows it (a model with a date section formats it)."""
        value = getattr(self, section)
        return "" if value is None else str(value)

    def section_token(self, section: str) -> str:
        """What the page sends back for a section: its revision and the fingerprint of the text
        it showed."""
        return f"{self.section_revision(section)}:{fingerprint(self.section_text(section))}"


def fingerprint(text) -> str:
    normalised = "" if text is None else str(text).replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode()).hexdigest()[:16]


def left_as_loaded(text, token) -> bool:
    """Whether the person sent a section back as their page showed it (then it is not theirs to
    write, whatever a colleague saved meanwhile)."""
    _revision, _, shown = str(token or "").partition(":")
    return bool(shown) and fingerprint(text) == shown


class StaleEdit(DomainError):
    """Someone saved this since the page was loaded: nothing was saved, the stored values are
    named in the message."""

    def __init__(self, obj, what: str, stored: str = "", field: str | None = None):
        by = getattr(obj, "updated_by", None)
        who = (by.get_full_name() or by.get_username()) if by is not None else "người khác"
        at = getattr(obj, "updated_at", None)
        when = f" lúc {timezone.localtime(at):%H:%M %d/%m/%Y}" if at else ""
        message = f"{what} vừa được {who} lưu{when}; thay đổi của bạn chưa được lưu."
        if stored:
            message += f" Nội dung hiện tại: {stored}."
        message += " Hãy xem lại rồi lưu lại."
        super().__init__(message, field=field)
        self.obj = obj


def parse_revision(posted) -> int:
    """The revision a page sent back; a missing or broken one is refused (never 'any')."""
    try:
        value = int(str(posted).strip())
    except (TypeError, ValueError):
        raise DomainError("Trang đã cũ hoặc không hợp lệ; hãy tải lại trang.") from None
    if value < 0:
        raise DomainError("Trang đã cũ hoặc không hợp lệ; hãy tải lại trang.")
    return value


def expect(
    obj, posted, *, what: str, stored: str = "", section: str | None = None, field=None
) -> None:
    """Go on only if `obj` (locked by the caller) — or its `section` — is still at the revision
    the page was loaded with, and move it forward; otherwise raise `StaleEdit`. The caller saves
    `obj` afterwards (with `revision` / `section_revisions` among the fields it saves)."""
    wanted = parse_revision(str(posted).partition(":")[0] if posted is not None else None)
    current = (obj.revision or 0) if section is None else obj.section_revision(section)
    if wanted != current:
        raise StaleEdit(obj, what, stored, field=field or section)
    if section is None:
        obj.revision = current + 1
    else:
        obj.section_revisions = {**(obj.section_revisions or {}), section: current + 1}
