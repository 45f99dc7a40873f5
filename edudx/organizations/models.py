"""The organisation tree: ministry → province departments → local authorities → institutions.

Each unit keeps a materialised path of primary keys ("/1/7/812/") so that "this unit and everything
under it" is one indexed prefix filter, whatever the depth, instead of recursion per request. Codes
(Mã đơn vị) identify units across imports; primary keys never change, so paths survive a renamed or
re-coded unit. Every change of parent is kept in `ParentPeriod`, so a result of school year 2023-2024
stays attributed to the authority that managed the school then.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.core.education import EDUCATION_LEVELS


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry of Education and Training")
    DEPARTMENT = "department", _("Province department of education")
    LOCAL_OFFICE = "local_office", _("District education office")
    COMMUNE = "commune", _("Commune people's committee")
    INSTITUTION = "institution", _("Education institution")


# The registry file's Vietnamese names for the kinds (a user-facing contract).
KIND_LABELS = {
    UnitKind.MINISTRY: "Bộ GDĐT",
    UnitKind.DEPARTMENT: "Sở GDĐT",
    UnitKind.LOCAL_OFFICE: "Phòng GDĐT",
    UnitKind.COMMUNE: "UBND cấp xã",
    UnitKind.INSTITUTION: "Cơ sở giáo dục",
}
# The units that manage institutions: they review, evaluate, recognise, and open campaigns.
AUTHORITY_KINDS = (UnitKind.DEPARTMENT, UnitKind.LOCAL_OFFICE, UnitKind.COMMUNE)
# Which kinds may sit directly under which (the parent is the managing unit).
ALLOWED_PARENTS = {
    UnitKind.MINISTRY: (),
    UnitKind.DEPARTMENT: (UnitKind.MINISTRY,),
    UnitKind.LOCAL_OFFICE: (UnitKind.DEPARTMENT,),
    UnitKind.COMMUNE: (UnitKind.DEPARTMENT,),
    UnitKind.INSTITUTION: (UnitKind.DEPARTMENT, UnitKind.LOCAL_OFFICE, UnitKind.COMMUNE),
}
LEVEL_LABELS = EDUCATION_LEVELS  # code → "Mầm non", "Tiểu học", "THCS", "THPT", "GDTX"


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


OWNERSHIP_LABELS = {Ownership.PUBLIC: "Công lập", Ownership.PRIVATE: "Ngoài công lập"}


def fold(text: str) -> str:
    """Lower case without diacritics ("Đinh Tiên Hoàng" → "dinh tien hoang"), so a search matches
    however it is typed — with or without accents, any case — on SQLite as on PostgreSQL."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: Unit):
        """The unit and everything under it: one indexed prefix filter."""
        return self.filter(path__startswith=unit.path)

    def institutions(self):
        return self.filter(kind=UnitKind.INSTITUTION)

    def with_level(self, level: str):
        return self.filter(levels__contains=f";{level};")

    def active(self):
        return self.filter(active=True)

    def search(self, q: str):
        """By code prefix (indexed) or name fragment, shallow units first."""
        return self.filter(
            models.Q(code__istartswith=q.strip()) | models.Q(search_name__contains=fold(q))
        ).order_by("depth", "name")


class Unit(models.Model):
    code = models.CharField(_("unit code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    # fold(name), kept by save() and by the registry import (which writes in bulk).
    search_name = models.CharField(max_length=255, db_index=True, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("managing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    # ";primary;lower_secondary;" — delimited so one `contains` filter works on SQLite and PostgreSQL.
    levels = models.CharField(_("education levels"), max_length=120, blank=True, default="")
    ownership = models.CharField(
        _("ownership"), max_length=10, choices=Ownership.choices, blank=True, default=""
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def education_levels(self) -> list[str]:
        return [lv for lv in self.levels.split(";") if lv]

    @education_levels.setter
    def education_levels(self, values) -> None:
        ordered = [lv for lv in LEVEL_LABELS if lv in set(values)]
        self.levels = f";{';'.join(ordered)};" if ordered else ""

    @property
    def is_institution(self) -> bool:
        return self.kind == UnitKind.INSTITUTION

    @property
    def managing_authority(self) -> Unit | None:
        """The unit that reviews, evaluates and recognises an institution: its parent."""
        return self.parent if self.is_institution else None

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class ParentPeriod(models.Model):
    """Who managed a unit, from when to when. The open period (until=None) is the current one."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="parent_periods")
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("managing unit period")
        verbose_name_plural = _("managing unit periods")
        ordering = ["unit", "since"]
        indexes = [models.Index(fields=["unit", "since"])]

    def __str__(self) -> str:
        return f"{self.unit_id} ← {self.parent_id} [{self.since}–{self.until or ''}]"
