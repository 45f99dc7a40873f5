"""Changes to the tree. Every change keeps paths consistent and history complete."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from edudx.core.models import record
from edudx.organizations.models import ALLOWED_PARENTS, KIND_LABELS, ParentPeriod, Unit, UnitKind


class TreeError(ValueError):
    """A change the tree cannot take; the message is for the person who asked."""


def tree_lock() -> None:
    """Serialise changes to the tree (paths are computed from what was read): PostgreSQL takes a
    transaction-scoped advisory lock; SQLite already lets one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [4725_0001])


def managed_by_department(levels: str | list[str]) -> bool:
    """Upper-secondary schools and GDTX centres are managed by the Sở directly."""
    text = levels if isinstance(levels, str) else f";{';'.join(levels)};"
    return ";upper_secondary;" in text or ";continuing_education;" in text


def change_date_problem(day: dt.date, current_since: dt.date | None) -> str | None:
    """Why a change of managing unit cannot take effect on `day`, or None. History is only
    appended: not in the future (the tree would say one thing today and the history another), and
    not before the current period began (that would rewrite who managed the unit meanwhile)."""
    if day > timezone.localdate():
        return f"ngày hiệu lực {day:%d/%m/%Y} ở tương lai"
    if current_since is not None and day < current_since:
        return (
            f"ngày hiệu lực {day:%d/%m/%Y} trước ngày bắt đầu giai đoạn quản lý hiện tại "
            f"({current_since:%d/%m/%Y})"
        )
    return None


def check_parent(
    unit_kind: str, parent: Unit | None, *, code: str = "", levels: list[str] | None = None
) -> None:
    allowed = ALLOWED_PARENTS[unit_kind]
    if parent is None:
        if allowed:
            raise TreeError(f"Đơn vị {code} phải có đơn vị quản lý.")
        return
    if parent.kind not in allowed:
        raise TreeError(
            f"{KIND_LABELS[unit_kind]} không thể trực thuộc {KIND_LABELS[parent.kind]} ({parent.code})."
        )
    if (
        unit_kind == UnitKind.INSTITUTION
        and levels
        and managed_by_department(levels)
        and parent.kind != UnitKind.DEPARTMENT
    ):
        raise TreeError("Trường có cấp THPT hoặc GDTX do Sở GDĐT quản lý trực tiếp.")


def set_path(unit: Unit) -> None:
    """Compute path/depth for a saved unit from its (already pathed) parent."""
    prefix = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{prefix}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


@transaction.atomic
def create_unit(*, since: dt.date | None = None, by=None, **fields) -> Unit:
    tree_lock()
    parent = fields.get("parent")
    levels = fields.pop("education_levels", None)
    check_parent(fields["kind"], parent, code=fields.get("code", ""), levels=levels)
    unit = Unit(**fields)
    if levels is not None:
        unit.education_levels = levels
    unit.save()
    set_path(unit)
    unit.save(update_fields=["path", "depth"])
    ParentPeriod.objects.create(unit=unit, parent=parent, since=since or timezone.localdate())
    record(
        "unit.create", unit, actor=by, after={"code": unit.code, "parent": parent and parent.code}
    )
    return unit


@transaction.atomic
def move_unit(
    unit: Unit, new_parent: Unit, *, since: dt.date | None = None, reason: str = "", by=None
) -> Unit:
    """Re-parent a unit and its whole subtree; the old managing unit stays in the history."""
    tree_lock()
    unit.refresh_from_db()
    new_parent.refresh_from_db()
    if new_parent.pk == unit.pk or new_parent.is_within(unit):
        raise TreeError(
            f"Không thể chuyển {unit.code} vào chính đơn vị cấp dưới của nó (vòng lặp)."
        )
    check_parent(unit.kind, new_parent, code=unit.code, levels=unit.education_levels)
    if unit.parent_id == new_parent.pk:
        return unit
    since = since or timezone.localdate()
    current = ParentPeriod.objects.filter(unit=unit, until__isnull=True).first()
    problem = change_date_problem(since, current.since if current else None)
    if problem:
        raise TreeError(f"Không thể chuyển {unit.code}: {problem}.")
    old_parent_code = unit.parent.code if unit.parent_id else None
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk}/"
    depth_change = new_path.count("/") - old_path.count("/")
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    close_period(unit, since)
    ParentPeriod.objects.create(unit=unit, parent=new_parent, since=since, reason=reason)
    unit.refresh_from_db()
    record(
        "unit.move",
        unit,
        actor=by,
        note=reason,
        before={"parent": old_parent_code},
        after={"parent": new_parent.code},
    )
    return unit


def close_period(unit: Unit, until: dt.date) -> None:
    ParentPeriod.objects.filter(unit=unit, until__isnull=True).update(until=until)


@transaction.atomic
def merge_units(
    source: Unit, target: Unit, *, since: dt.date | None = None, reason: str = "", by=None
) -> Unit:
    """Merge `source` into `target` (2025: districts abolished, provinces merged): every child of
    the source moves under the target with history; the source stays, inactive, pointing at the
    target, so past results keep their authority."""
    if source.pk == target.pk:
        raise TreeError("Không thể sáp nhập một đơn vị vào chính nó.")
    if source.kind != target.kind:
        raise TreeError(
            f"Chỉ sáp nhập đơn vị cùng loại ({KIND_LABELS[source.kind]} ≠ {KIND_LABELS[target.kind]})."
        )
    if target.is_within(source):
        raise TreeError(f"Không thể sáp nhập {source.code} vào đơn vị cấp dưới của nó.")
    since = since or timezone.localdate()
    for child in list(source.children.filter(active=True)):
        move_unit(
            child,
            target,
            since=since,
            reason=reason or f"Sáp nhập {source.code} vào {target.code}",
            by=by,
        )
    Unit.objects.filter(pk=source.pk).update(active=False, merged_into=target)
    source.refresh_from_db()
    record("unit.merge", source, actor=by, note=reason, after={"merged_into": target.code})
    return source


def authority_on(unit: Unit, day: dt.date) -> Unit | None:
    """The managing unit of `unit` on a given day (history, not today's tree)."""
    period = (
        ParentPeriod.objects.filter(unit=unit, since__lte=day)
        .exclude(until__isnull=False, until__lte=day)
        .select_related("parent")
        .order_by("-since")
        .first()
    )
    return period.parent if period else None
