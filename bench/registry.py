"""Registry benchmark: the national unit registry through `import_units` and `export_units`.

A deterministic national file (.xlsx, as a ministry officer would send it): 1 ministry, 34
departments (Sở GDĐT), ~3,300 commune authorities (UBND cấp xã) and 53,000 institutions with
mixed levels — THPT and GDTX centres under their Sở, the others under a commune. Rows are written
children first (institutions, then communes, then departments, then the ministry): the worst
order for the importer, which must sort the file's tree itself.

Timed, each once, in a throw-away database — SQLite (its own file under /tmp), or PostgreSQL with
BENCH_ON_POSTGRES=1 under scripts/with_postgres.sh — migrated here:
(a) first import into the empty database, (b) re-import of the unchanged file (must write
nothing), (c) export of the whole registry. Peak memory is the process's resident high-water
mark during each step (reset before it where Linux allows, else ru_maxrss since start).

Django is set up inside `bench_registry`, so the other benchmarks stay Django-free; the
environment must not have set Django up on another database before.

    python bench/registry.py --institutions 5000     # alone, smaller
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.throwaway import remove_sqlite_files

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IMPORT_TARGET = 120.0
REIMPORT_TARGET = 60.0
NATIONAL_INSTITUTIONS = 53_000
NATIONAL_COMMUNES = 3_300

PROVINCES = (
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ", "Lai Châu",
    "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
    "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
CITIES = 6  # the first six are centrally-run cities
PLACES = (
    "An Bình", "An Phú", "Bình Minh", "Cẩm Giàng", "Đông Hải", "Đồng Xuân", "Hòa An", "Hòa Bình",
    "Hồng Phong", "Hưng Đạo", "Kim Liên", "Long Hưng", "Minh Khai", "Nam Sơn", "Nghĩa Đô",
    "Phú Lợi", "Phúc Thành", "Quang Trung", "Tân Lập", "Tân Tiến", "Thạch Bàn", "Thanh Xuân",
    "Thuận An", "Tiên Phong", "Trung Hòa", "Vĩnh Ninh", "Xuân Phương", "Yên Hòa",
)  # fmt: skip
PEOPLE = (
    "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Lý Thường Kiệt", "Chu Văn An", "Nguyễn Du",
    "Lê Quý Đôn", "Võ Thị Sáu", "Kim Đồng", "Nguyễn Bỉnh Khiêm", "Phan Bội Châu", "Hai Bà Trưng",
    "Trần Phú", "Nguyễn Văn Trỗi", "Lương Thế Vinh", "Ngô Quyền", "Đinh Tiên Hoàng", "Tô Hiến Thành",
)  # fmt: skip
FLOWERS = ("Hoa Sen", "Hoa Mai", "Hoa Hồng", "Sơn Ca", "Họa Mi", "Sao Mai", "Tuổi Thơ", "Măng Non")
STREETS = (
    "Lê Lợi",
    "Trần Phú",
    "Hùng Vương",
    "Nguyễn Huệ",
    "Quang Trung",
    "Lê Duẩn",
    "Hai Bà Trưng",
)

# (levels, name stem, share) for institutions under a commune, and under a department.
COMMUNE_SCHOOLS = (
    ("Mầm non", "Trường Mầm non", 0.46),
    ("Tiểu học", "Trường Tiểu học", 0.30),
    ("THCS", "Trường THCS", 0.19),
    ("Tiểu học; THCS", "Trường Tiểu học và THCS", 0.05),
)
DEPARTMENT_SCHOOLS = (
    ("THPT", "Trường THPT", 0.72),
    ("THCS; THPT", "Trường THCS và THPT", 0.08),
    ("GDTX", "Trung tâm GDNN-GDTX", 0.20),
)
DEPARTMENT_SHARE = 0.06  # of the institutions, under a Sở (THPT, GDTX)


def _pick(rng: random.Random, table) -> tuple[str, str]:
    x, acc = rng.random(), 0.0
    for levels, stem, share in table:
        acc += share
        if x < acc:
            return levels, stem
    return table[-1][0], table[-1][1]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` spread over `parts` buckets, uneven but deterministic, each at least 1."""
    weights = [0.5 + rng.random() for _ in range(parts)]
    scale = sum(weights)
    counts = [max(1, int(total * w / scale)) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def national_rows(institutions: int, seed: int) -> Iterator[tuple]:
    """The header, then the rows of a national registry file, children before parents."""
    from edudx.organizations.registry.layout import COLUMNS

    rng = random.Random(seed)
    communes_total = max(len(PROVINCES), round(institutions * NATIONAL_COMMUNES / 53_000))
    communes = _split(communes_total, len(PROVINCES), rng)
    at_department = _split(round(institutions * DEPARTMENT_SHARE), len(PROVINCES), rng)
    at_communes = _split(institutions - sum(at_department), communes_total, rng)
    yield tuple(header for _, header in COLUMNS)

    serial = 0
    commune_index = 0
    for p, province in enumerate(PROVINCES, start=1):
        for c in range(communes[p - 1]):
            commune_code = f"X{p:02d}{c + 1:04d}"
            for _ in range(at_communes[commune_index]):
                serial += 1
                yield _institution(rng, serial, p, province, commune_code, COMMUNE_SCHOOLS)
            commune_index += 1
        for _ in range(at_department[p - 1]):
            serial += 1
            yield _institution(rng, serial, p, province, f"SGD{p:02d}", DEPARTMENT_SCHOOLS)
    for p, province in enumerate(PROVINCES, start=1):
        for c in range(communes[p - 1]):
            kind = "phường" if p <= CITIES or rng.random() < 0.2 else "xã"
            yield (
                f"X{p:02d}{c + 1:04d}",
                f"UBND {kind} {rng.choice(PLACES)} {c + 1}",
                "UBND cấp xã",
                "",
                f"SGD{p:02d}",
                "",
                f"{kind.capitalize()} {rng.choice(PLACES)}, {province}",
                f"0{rng.randint(200, 299)} {rng.randint(3000000, 3999999)}",
                "",
                "",
            )
    for p, province in enumerate(PROVINCES, start=1):
        prefix = "Thành phố" if p <= CITIES and not province.startswith("Thành phố") else ""
        yield (
            f"SGD{p:02d}",
            f"Sở Giáo dục và Đào tạo {prefix + ' ' if prefix else ''}{province}",
            "Sở GDĐT",
            "",
            "BGDDT",
            "",
            f"{rng.randint(1, 200)} đường {rng.choice(STREETS)}, {province}",
            f"0{rng.randint(200, 299)} {rng.randint(3000000, 3999999)}",
            f"sgddt{p:02d}@moet.edu.vn",
            f"https://sgd{p:02d}.edu.vn",
        )
    yield (
        "BGDDT",
        "Bộ Giáo dục và Đào tạo",
        "Bộ GDĐT",
        "",
        "",
        "",
        "35 Đại Cồ Việt, Hà Nội",
        "024 3869 4795",
        "",
        "https://moet.gov.vn",
    )


def _institution(rng, serial: int, p: int, province: str, parent: str, table) -> tuple:
    levels, stem = _pick(rng, table)
    patron = rng.choice(FLOWERS if levels == "Mầm non" else PEOPLE)
    private = rng.random() < (0.25 if levels == "Mầm non" else 0.05)
    code = f"T{p:02d}{serial:06d}"
    has_mail = rng.random() < 0.7
    return (
        code,
        f"{stem} {patron}" + (f" {serial % 7 + 1}" if rng.random() < 0.3 else ""),
        "Cơ sở giáo dục",
        levels,
        parent,
        "Ngoài công lập" if private else "Công lập",
        f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, {rng.choice(PLACES)}, {province}",
        f"0{rng.randint(200, 299)} {rng.randint(3000000, 3999999)}",
        f"{code.lower()}@edu.vn" if has_mail else "",
        f"https://{code.lower()}.edu.vn" if has_mail and rng.random() < 0.3 else "",
    )


def write_national_file(path: Path, institutions: int, seed: int) -> int:
    """Write the national file (streamed); returns the number of unit rows."""
    from openpyxl import Workbook

    from edudx.organizations.registry.layout import SHEET

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    count = -1
    for row in national_rows(institutions, seed):
        ws.append(row)
        count += 1
    wb.save(path)
    return count


# -- memory ---------------------------------------------------------------------------------


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the benchmark --------------------------------------------------------------------------


def _setup_django(db_path: Path) -> None:
    """Django on a throw-away SQLite file; must run before anything imports the models."""
    from django.apps import apps

    if apps.ready:
        from django.conf import settings

        name = str(settings.DATABASES["default"]["NAME"])
        on_postgres = os.environ.get("BENCH_ON_POSTGRES") == "1"
        if not name.startswith("/tmp/edudx-bench-") and not on_postgres:
            raise RuntimeError(f"Django is already set up on {name}; refusing to benchmark on it")
        return
    if os.environ.get("BENCH_ON_POSTGRES") == "1":
        # scripts/with_postgres.sh started a throw-away server and set DATABASE_URL to it.
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise RuntimeError(
                "BENCH_ON_POSTGRES=1 needs DATABASE_URL=postgres://… (with_postgres.sh)"
            )
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edudx.settings")
    # Production-like: no query log kept in memory.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()


def _step(fn):
    gc.collect()
    reset = _reset_peak()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak = _peak_mb()
    note = "peak RSS" if reset else "peak RSS since start"
    return result, seconds, f"{note} {peak:,.0f} MB"


def _line(label: str, n: int, seconds: float, target: float | None, memory: str):
    rate = n / seconds if seconds else float("inf")
    if target is None:
        return f"{label}: {n} units in {seconds:.2f} s ({rate:,.0f} /s); {memory}", True
    ok = seconds < target
    verdict = "OK" if ok else "TOO SLOW"
    return (
        f"{label}: {n} units in {seconds:.2f} s ({rate:,.0f} /s) — target < {target:g} s: "
        f"{verdict}; {memory}",
        ok,
    )


SEARCH_TARGET = 0.5  # "well under a second" for a search across the country


def _bench_search(Unit) -> bool:
    """The unit search of the page (`Unit.objects.search`), across the whole country and inside
    one department's subtree, for a code prefix, a name fragment and a miss."""
    department = Unit.objects.filter(kind="department").order_by("code").first()
    worst = 0.0
    for scope in (Unit.objects.all(), Unit.objects.subtree(department)):
        for q in ("01", "Tiểu học", "Lê Lợi", "không-có-đơn-vị-này"):
            t0 = time.perf_counter()
            list(scope.search(q).select_related("parent")[:51])
            worst = max(worst, time.perf_counter() - t0)
    ok = worst < SEARCH_TARGET
    verdict = "OK" if ok else "TOO SLOW"
    print(
        f"search: slowest of 8 searches {worst * 1000:.0f} ms — target < {SEARCH_TARGET:g} s: {verdict}"
    )
    return ok


def bench_registry(institutions: int = NATIONAL_INSTITUTIONS, seed: int = 4725, repeat: int = 1):
    """Run the registry benchmark (each step once: the first import cannot be repeated), print
    one line per step; True when every target is met."""
    del repeat
    db_path = Path(f"/tmp/edudx-bench-{os.getpid()}.sqlite3")
    _setup_django(db_path)
    from django.core.management import call_command
    from django.db import connection

    from edudx.organizations.models import ParentPeriod, Unit
    from edudx.organizations.registry import export_units, import_units

    try:
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}")
        with tempfile.TemporaryDirectory(prefix="edudx-bench-") as tmp:
            source = Path(tmp) / "danh-muc-quoc-gia.xlsx"
            t0 = time.perf_counter()
            n = write_national_file(source, institutions, seed)
            size = source.stat().st_size / 1e6
            print(
                f"generate: {n} units ({institutions} institutions) in "
                f"{time.perf_counter() - t0:.2f} s, {size:.1f} MB xlsx (seed {seed})"
            )
            ok = True
            first, t_first, m_first = _step(lambda: import_units(source, source.name))
            again, t_again, m_again = _step(lambda: import_units(source, source.name))
            out = Path(tmp) / "xuat.xlsx"
            written, t_export, m_export = _step(lambda: export_units(out))
            periods = ParentPeriod.objects.count()
            units = Unit.objects.count()
            print(
                f"  first: {first.summary()}  re-import: {again.summary()}  "
                f"({units} units, {periods} parent periods in the database)"
            )
            if (again.created, again.updated) != (0, 0) or first.created != n:
                print("  WRONG: the re-import changed something or the first import missed rows")
                ok = False
            ok = _bench_search(Unit) and ok
            for label, seconds, target, memory in (
                ("import (empty database)", t_first, IMPORT_TARGET, m_first),
                ("re-import (unchanged)", t_again, REIMPORT_TARGET, m_again),
                ("export", t_export, None, m_export),
            ):
                text, passed = _line(
                    label, written if label == "export" else n, seconds, target, memory
                )
                print(text)
                ok = ok and passed
            return ok
    finally:
        connection.close()
        remove_sqlite_files(db_path)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="EduDX registry benchmark")
    parser.add_argument("--institutions", type=int, default=NATIONAL_INSTITUTIONS)
    parser.add_argument("--seed", type=int, default=4725)
    args = parser.parse_args()
    raise SystemExit(0 if bench_registry(args.institutions, args.seed) else 1)
