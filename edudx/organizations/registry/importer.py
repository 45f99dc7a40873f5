"""Importing a registry file: validate every row against the file and the database, then write
everything in one transaction, or nothing.

The database is read once (one streamed query of compact tuples), the file's tree is resolved in
memory (missing parents, cycles, kinds under kinds, scope), and the writes are a few batched
statements per level of the tree: units created parents first so their keys exist, paths computed
in memory, then bulk updates. Re-importing an unchanged file writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from edudx.core.models import record
from edudx.organizations.models import (
    ALLOWED_PARENTS,
    KIND_LABELS,
    ParentPeriod,
    Unit,
    UnitKind,
    fold,
)
from edudx.organizations.registry.layout import IMPORT_REASON, MAX_ERRORS, summary_line
from edudx.organizations.registry.reader import RegistryError, Row, Source, read_rows
from edudx.organizations.services import change_date_problem, managed_by_department, tree_lock

BATCH = 500
# The fields of a unit the file carries, besides code, kind and parent (same order as `current`).
DATA = ("name", "levels", "ownership", "address", "phone", "email", "website")
OPTIONAL_AT = {"ownership": 2, "address": 3, "phone": 4, "email": 5, "website": 6}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0  # of the updated units, those whose managing unit changed

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        return summary_line(self.rows, self.created, self.updated, self.unchanged)


def import_units(
    data: Source, filename: str, *, by=None, scope: Unit | None = None, since=None, progress=None
) -> ImportReport:
    """Create or update the units of a registry file (.xlsx or .csv), matched by Mã đơn vị.

    All or nothing: any bad row raises RegistryError listing every problem ("Dòng 12: …") and
    nothing is written. Units absent from the file are left alone. With `scope`, every unit of
    the file must end up under `scope` and no unit outside it may be changed. `since` (default
    today) is the date a new managing unit takes over, for the history of moved units.
    `progress(rows read)` follows the reading, for a background import's page.
    """
    errors: list[tuple[int, str]] = []
    rows = read_rows(data, filename, errors, progress)
    if not rows and not errors:
        raise RegistryError(["Tệp không có đơn vị nào (chỉ có dòng tiêu đề hoặc để trống)"])
    try:
        with transaction.atomic():
            tree_lock()
            plan = _Plan(rows, errors, scope)
            if errors:
                raise _registry_error(errors)
            return plan.apply(by=by, filename=filename, scope=scope, since=since)
    except IntegrityError:
        raise RegistryError(
            ["Danh mục đơn vị vừa được người khác thay đổi cùng lúc; hãy nhập lại tệp"]
        ) from None


def _registry_error(errors: list[tuple[int, str]]) -> RegistryError:
    ordered = sorted(errors, key=lambda e: e[0])
    lines = [f"Dòng {line}: {message}" for line, message in ordered[:MAX_ERRORS]]
    if len(ordered) > MAX_ERRORS:
        lines.append(f"… và {len(ordered) - MAX_ERRORS} lỗi khác")
    return RegistryError(lines, total=len(ordered))


class _Plan:
    """The file's rows checked against the database; `apply` writes the difference."""

    def __init__(self, rows: list[Row], errors: list[tuple[int, str]], scope: Unit | None):
        self.errors = errors
        self.rows: dict[str, Row] = {}
        for row in rows:
            first = self.rows.get(row.code)
            if first is not None:
                self.error(row, f"Mã đơn vị '{row.code}' trùng với dòng {first.line}")
            else:
                self.rows[row.code] = row
        self._load()
        self.scope_code = self.scope_path = None
        if scope is not None:
            if scope.pk not in self.db:
                raise RegistryError(["Đơn vị phạm vi quản lý không còn trong danh mục"])
            self.scope_code, _, _, self.scope_path = self.db[scope.pk]
        # code → (depth after the import, inside the scope); depth -1: cannot be placed.
        self.place: dict[str, tuple[int, bool]] = {}
        for code in self.rows:
            self._resolve(code)
        self._check_rows()

    def error(self, row: Row, message: str) -> None:
        self.errors.append((row.line, message))

    # -- the database, read once ------------------------------------------------------------

    def _load(self) -> None:
        self.ids: dict[str, int] = {}  # code → pk
        self.db: dict[int, tuple[str, int | None, str, str]] = {}  # pk → (code, parent, kind, path)
        self.current: dict[int, tuple] = {}  # pk → DATA values, for the units of the file only
        self.ministries: list[str] = []
        rows = self.rows
        query = Unit.objects.order_by().values_list(
            "pk", "code", "parent_id", "kind", "path", *DATA
        )
        for pk, code, parent_id, kind, path, *data in query.iterator(chunk_size=5000):
            self.ids[code] = pk
            self.db[pk] = (code, parent_id, kind, path)
            if code in rows:
                self.current[pk] = tuple(data)
            if kind == UnitKind.MINISTRY:
                self.ministries.append(code)

    # -- the tree after the import ----------------------------------------------------------

    def parent_code(self, code: str) -> str | None:
        row = self.rows.get(code)
        if row is not None:
            return row.parent if row.parent and row.parent != code else None
        parent_id = self.db[self.ids[code]][1]
        return self.db[parent_id][0] if parent_id else None

    def kind(self, code: str) -> str:
        row = self.rows.get(code)
        return row.kind if row is not None else self.db[self.ids[code]][2]

    def _resolve(self, code: str) -> None:
        """Depth and scope of `code` and its ancestors after the import; reports missing parents
        and cycles on the rows that cause them."""
        place, chain, on_chain = self.place, [], {}
        base: tuple[int, bool]
        while True:
            if code in place:
                base = place[code]
                break
            if code in on_chain:
                cycle = chain[on_chain[code] :]
                self._report_cycle(cycle)
                for member in cycle:
                    place[member] = (-1, False)
                del chain[on_chain[code] :]
                base = (-1, False)
                break
            parent = self.parent_code(code)
            if parent is None:
                place[code] = (0, code == self.scope_code)
                base = place[code]
                break
            if parent not in self.rows and parent not in self.ids:
                self.error(
                    self.rows[code],
                    f"Mã đơn vị quản lý '{parent}' không có trong tệp và chưa có trong danh mục",
                )
                place[code] = base = (-1, False)
                break
            on_chain[code] = len(chain)
            chain.append(code)
            code = parent
        depth, inside = base
        for member in reversed(chain):
            depth = depth + 1 if depth >= 0 else -1
            inside = inside or member == self.scope_code
            place[member] = (depth, inside)

    def _report_cycle(self, cycle: list[str]) -> None:
        for i, code in enumerate(cycle):
            row = self.rows.get(code)
            if row is not None:
                loop = [*cycle[i:], *cycle[:i], code]
                self.error(row, f"vòng lặp đơn vị quản lý: {' → '.join(loop)}")

    # -- row checks -------------------------------------------------------------------------

    def _check_rows(self) -> None:
        kind_changes = []
        file_ministries = [c for c, r in self.rows.items() if r.kind == UnitKind.MINISTRY]
        other_ministries = [c for c in self.ministries if c not in self.rows]
        for code, row in self.rows.items():
            pk = self.ids.get(code)
            if row.kind == UnitKind.MINISTRY:
                # The first ministry of the file stands, unless the database has another one.
                others = other_ministries or file_ministries[: file_ministries.index(code)]
                if others:
                    self.error(row, f"chỉ có một Bộ GDĐT (đã có: {', '.join(others[:3])})")
            elif row.kind and row.parent and row.parent != code:
                self._check_kind_under_parent(row)
            if pk is not None and row.kind and row.kind != self.db[pk][2]:
                kind_changes.append(row)
            if self.scope_code is not None:
                self._check_scope(row, pk)
        if kind_changes:
            self._check_kept_children(kind_changes)
            self._check_no_roles(kind_changes)

    def _check_kind_under_parent(self, row: Row) -> None:
        parent = row.parent
        if parent not in self.rows and parent not in self.ids:
            return  # reported by _resolve
        parent_kind = self.kind(parent)
        if (
            row.kind == UnitKind.INSTITUTION
            and parent_kind
            and parent_kind != UnitKind.DEPARTMENT
            and managed_by_department(row.levels)
        ):
            self.error(
                row,
                f"trường có cấp THPT hoặc GDTX do Sở GDĐT quản lý trực tiếp; "
                f"'{parent}' là {KIND_LABELS[parent_kind]}",
            )
        if parent_kind and parent_kind not in ALLOWED_PARENTS[row.kind]:
            allowed = ", ".join(KIND_LABELS[k] for k in ALLOWED_PARENTS[row.kind])
            self.error(
                row,
                f"{KIND_LABELS[row.kind]} không thể trực thuộc {KIND_LABELS[parent_kind]} "
                f"'{parent}' (đơn vị quản lý phải là: {allowed})",
            )

    def _check_scope(self, row: Row, pk: int | None) -> None:
        outside = f"đơn vị {row.code} nằm ngoài phạm vi quản lý của bạn ({self.scope_code})"
        if row.code == self.scope_code:
            if self._changes(row, pk)[0]:
                self.error(
                    row,
                    f"không thể sửa chính đơn vị {row.code} (phạm vi quản lý của bạn); "
                    "chỉ sửa được các đơn vị trực thuộc",
                )
        elif pk is not None and not self.db[pk][3].startswith(self.scope_path):
            self.error(row, outside)
        else:
            depth, inside = self.place.get(row.code, (-1, False))
            if depth >= 0 and not inside:
                self.error(row, outside)

    def _check_kept_children(self, rows: list[Row]) -> None:
        """A unit whose kind changes must still suit the units under it that the file leaves."""
        changed = {self.ids[row.code]: row for row in rows}
        for code, parent_id, kind, _ in self.db.values():
            row = changed.get(parent_id)
            if row is not None and code not in self.rows and row.kind not in ALLOWED_PARENTS[kind]:
                self.error(
                    row,
                    f"không thể đổi Loại đơn vị của {row.code} thành {KIND_LABELS[row.kind]}: "
                    f"đơn vị trực thuộc {code} là {KIND_LABELS[kind]}",
                )
                del changed[parent_id]  # one example is enough

    def _check_no_roles(self, rows: list[Row]) -> None:
        """A school turned into a commune must not keep its head's and teachers' roles: a unit
        that holds role assignments keeps its kind (revoke the roles first)."""
        by_pk = {self.ids[row.code]: row for row in rows}
        held = Unit.objects.filter(pk__in=by_pk, role_assignments__isnull=False).values_list(
            "pk", flat=True
        )
        for pk in set(held):
            row = by_pk[pk]
            self.error(
                row,
                f"không thể đổi Loại đơn vị của {row.code}: đơn vị đang có tài khoản được phân "
                "quyền; hãy thu hồi các phân quyền trước",
            )

    def _changes(self, row: Row, pk: int | None) -> tuple[bool, bool]:
        """(anything changes, the managing unit changes) for a row of an existing unit."""
        if pk is None:
            return True, True
        _, parent_id, kind, _ = self.db[pk]
        new_parent = self.ids.get(row.parent) if row.parent else None
        moved = new_parent != parent_id or (row.parent and row.parent not in self.ids)
        if moved or row.kind != kind:
            return True, bool(moved)
        cur = self.current[pk]
        if row.name != cur[0] or row.levels != cur[1]:
            return True, False
        for field, i in OPTIONAL_AT.items():
            value = getattr(row, field)
            if value is not None and value != cur[i]:
                return True, False
        return False, False

    # -- writing ----------------------------------------------------------------------------

    def apply(self, *, by, filename: str, scope: Unit | None, since=None) -> ImportReport:
        today, now = since or timezone.localdate(), timezone.now()
        report = ImportReport(rows=len(self.rows))
        existing = {code: self.ids[code] for code in self.rows if code in self.ids}
        new_rows = sorted(
            (row for code, row in self.rows.items() if code not in existing),
            key=lambda row: self.place[row.code][0],
        )
        changed, moved = [], []
        for code, pk in existing.items():
            row = self.rows[code]
            is_changed, is_moved = self._changes(row, pk)
            if is_changed:
                changed.append(row)
            if is_moved:
                moved.append(row)
        self._check_dates(moved, existing, today)
        report.created, report.updated, report.moved = len(new_rows), len(changed), len(moved)
        report.unchanged = report.rows - report.created - report.updated
        if not report.changed:
            return report

        new_parents = self._create(new_rows)
        self._update(changed, existing, now)
        self._repath(new_parents, moved, existing)
        self._history(new_rows, moved, today)
        target = scope or Unit.objects.filter(kind=UnitKind.MINISTRY).order_by("pk").first()
        if target is None:
            first = min(self.rows.values(), key=lambda row: row.line)
            target = Unit.objects.get(pk=self.ids[first.code])
        record(
            "units.import",
            target,
            actor=by,
            after={
                "created": report.created,
                "updated": report.updated,
                "moved": report.moved,
                "file": filename,
            },
        )
        return report

    def _check_dates(self, moved: list[Row], existing: dict[str, int], day) -> None:
        """The history only grows: refuse a date the moved units' current periods contradict."""
        ids = [existing[row.code] for row in moved]
        since: dict[int, object] = {}
        for start in range(0, len(ids), BATCH):
            since.update(
                ParentPeriod.objects.filter(
                    unit_id__in=ids[start : start + BATCH], until__isnull=True
                ).values_list("unit_id", "since")
            )
        problems = [
            (row.line, problem)
            for row in moved
            if (problem := change_date_problem(day, since.get(existing[row.code])))
        ]
        if not moved and day > timezone.localdate():
            problems.append((1, change_date_problem(day, None)))
        if problems:
            raise _registry_error(problems)

    def _unit_fields(self, row: Row, cur: tuple | None) -> dict:
        fields = {
            "name": row.name,
            "search_name": fold(row.name),
            "kind": row.kind,
            "levels": row.levels,
        }
        for field, i in OPTIONAL_AT.items():
            value = getattr(row, field)
            fields[field] = value if value is not None else (cur[i] if cur else "")
        return fields

    def _create(self, rows: list[Row]) -> dict[int, int | None]:
        """Insert the new units level by level (parents first) so every parent has its key;
        returns {new pk: parent pk}."""
        parents: dict[int, int | None] = {}
        for depth, group in groupby(rows, key=lambda row: self.place[row.code][0]):
            units = [
                Unit(
                    code=row.code,
                    parent_id=self.ids[row.parent] if row.parent else None,
                    depth=depth,
                    **self._unit_fields(row, None),
                )
                for row in group
            ]
            Unit.objects.bulk_create(units, batch_size=BATCH)
            if any(unit.pk is None for unit in units):  # a backend that cannot return keys
                self._fetch_ids([unit.code for unit in units])
            for unit in units:
                pk = unit.pk or self.ids[unit.code]
                self.ids[unit.code] = pk
                parents[pk] = unit.parent_id
        return parents

    def _fetch_ids(self, codes: list[str]) -> None:
        for start in range(0, len(codes), BATCH):
            chunk = codes[start : start + BATCH]
            self.ids.update(Unit.objects.filter(code__in=chunk).values_list("code", "pk"))

    def _update(self, rows: list[Row], existing: dict[str, int], now) -> None:
        values = []
        for row in rows:
            pk = existing[row.code]
            fields = self._unit_fields(row, self.current[pk])
            parent = self.ids[row.parent] if row.parent else None
            names = ("kind", *DATA, "search_name")
            values.append((parent, now, *(fields[name] for name in names), pk))
        _update_many(["parent", "updated_at", "kind", *DATA, "search_name"], values)

    def _repath(
        self, new_parents: dict[int, int | None], moved: list[Row], existing: dict[str, int]
    ) -> None:
        """Paths and depths after the import, computed in memory; written where they differ
        (the new units, and the subtrees of the moved ones)."""
        if not new_parents and not moved:
            return
        parent_of = {pk: parent_id for pk, (_, parent_id, _, _) in self.db.items()}
        parent_of.update(new_parents)
        for row in moved:
            parent_of[existing[row.code]] = self.ids[row.parent] if row.parent else None
        paths: dict[int, str] = {}
        for pk in parent_of:
            chain = []
            node = pk
            while node is not None and node not in paths:
                chain.append(node)
                node = parent_of[node]
            prefix = paths[node] if node is not None else "/"
            for member in reversed(chain):
                prefix = paths[member] = f"{prefix}{member}/"
        values = []
        for pk, path in paths.items():
            old = self.db[pk][3] if pk in self.db else ""
            if path != old:
                values.append((path, path.count("/") - 2, pk))
        _update_many(["path", "depth"], values)

    def _history(self, new_rows: list[Row], moved: list[Row], today) -> None:
        periods = [
            ParentPeriod(
                unit_id=self.ids[row.code],
                parent_id=self.ids[row.parent] if row.parent else None,
                since=today,
                reason=IMPORT_REASON,
            )
            for row in [*new_rows, *moved]
        ]
        moved_ids = [self.ids[row.code] for row in moved]
        for start in range(0, len(moved_ids), BATCH):
            ParentPeriod.objects.filter(
                unit_id__in=moved_ids[start : start + BATCH], until__isnull=True
            ).update(until=today)
        ParentPeriod.objects.bulk_create(periods, batch_size=BATCH)


def _update_many(field_names: list[str], rows: list[tuple]) -> None:
    """Write values computed in memory: `UPDATE … SET … WHERE id = %s` for each tuple
    (values…, pk), sent as one executemany. Django's bulk_update builds a CASE expression per
    field and row, which takes minutes at the national scale; this takes seconds."""
    if not rows:
        return
    meta, quote = Unit._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in field_names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, values, strict=True)
        ]
        + [pk]
        for *values, pk in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
