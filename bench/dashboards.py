"""Dashboard benchmark: the ministry's and one department's dashboard over a generated nation,
beside the plain SQL aggregate that gives the same level counts, measured in the same run.

A throw-away database (SQLite, or PostgreSQL with BENCH_ON_POSTGRES=1) gets a ministry,
`DEPARTMENTS` departments with communes, `institutions` schools (a TH&THCS share among them, public
and private, plus preschools that no usable index covers), three school years of campaigns, and
for each year a realistic mix of states (last years mostly recognised, this year spread over the
workflow). The summary rows (ScoreLine) come from the engine: `DISTINCT` generated fact sets
(bench/generate.py) are scored once each, self-assessed and with an evaluator's correction, and
each institution takes one of them — the dashboard's cost is in reading the rows, not in scoring.

Then each dashboard page is rendered `RUNS` times through its view (query count pinned from the
first), and the plain aggregate (`SELECT group, level, COUNT(*) … GROUP BY`) as often; prints p50
and p95 of each and the ratio. Target (issue 13 §4): each dashboard's p95 within 3× of the
plain aggregate's p95 on PostgreSQL at national scale — on SQLite or at a small scale the fixed
costs (session, template) dominate and the ratio is only reported.

    python bench/dashboards.py --institutions 5000
    BENCH_ON_POSTGRES=1 bash scripts/with_postgres.sh .venv/bin/python bench/run.py --only bench_dashboards
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from bench.registry import _setup_django
from bench.throwaway import remove_sqlite_files

DEPARTMENTS = 34
COMMUNES_PER_DEPARTMENT = 30
YEARS = ("2023-2024", "2024-2025", "2025-2026")
DISTINCT = 300
RUNS = 20
TARGET_RATIO = 3.0
SQLITE_CAP = 5_000
P_PRESCHOOL = 0.05  # of the registry: counted as "chưa áp dụng"
# This year's states (the last years are 85% recognised, the rest evaluated or submitted).
THIS_YEAR = {
    "not_started": 0.10,
    "draft": 0.12,
    "approved": 0.08,
    "submitted": 0.20,
    "under_review": 0.12,
    "returned": 0.05,
    "evaluated": 0.13,
    "recognised": 0.20,
}
PAST_YEARS = {"recognised": 0.85, "evaluated": 0.10, "submitted": 0.05}


def _nation(institutions: int, seed: int):
    """Units, campaigns, participations, assessments and their summary rows, in bulk."""
    from django.db import transaction

    from edudx.assessments.campaigns import default_deadlines
    from edudx.assessments.models import (
        Campaign,
        CampaignFramework,
        FactEntry,
        Participation,
        SelfAssessment,
    )
    from edudx.dashboards import rollups
    from edudx.dashboards.lines import CLAIMED_STATES
    from edudx.dashboards.models import Side
    from edudx.frameworks import loader
    from edudx.frameworks.models import FrameworkVersion
    from edudx.frameworks.scoring import score, validate_facts
    from edudx.organizations.models import Unit, UnitKind

    loader.load_bundled()
    version = FrameworkVersion.objects.filter(code="4725", complete=True).order_by("-pk").first()
    fw = version.framework()
    rng = random.Random(seed)
    tag = f"DB{seed % 1000:03d}{os.getpid() % 1000:03d}"

    def bulk_units(units):
        Unit.objects.bulk_create(units, batch_size=2000)
        made = list(Unit.objects.filter(code__in=[u.code for u in units]).select_related("parent"))
        for u in made:
            u.path = f"{u.parent.path if u.parent_id else '/'}{u.pk}/"
            u.depth = u.path.count("/") - 2
        Unit.objects.bulk_update(made, ["path", "depth"], batch_size=2000)
        return {u.code: u for u in Unit.objects.filter(code__in=[u.code for u in units])}

    with transaction.atomic():
        ministry = bulk_units(
            [Unit(code=f"{tag}-BGD", name="Bộ GDĐT (benchmark)", kind=UnitKind.MINISTRY)]
        )[f"{tag}-BGD"]
        departments = list(
            bulk_units(
                [
                    Unit(
                        code=f"{tag}-S{d:02d}",
                        name=f"Sở GDĐT {d:02d}",
                        kind=UnitKind.DEPARTMENT,
                        parent=ministry,
                    )
                    for d in range(DEPARTMENTS)
                ]
            ).values()
        )
        communes = list(
            bulk_units(
                [
                    Unit(
                        code=f"{tag}-X{d:02d}{c:03d}",
                        name=f"UBND xã {d:02d}-{c:03d}",
                        kind=UnitKind.COMMUNE,
                        parent=dep,
                    )
                    for d, dep in enumerate(departments)
                    for c in range(COMMUNES_PER_DEPARTMENT)
                ]
            ).values()
        )
        stems = (
            (";primary;", "Trường Tiểu học"),
            (";primary;", "Trường Tiểu học"),
            (";lower_secondary;", "Trường THCS"),
            (";primary;lower_secondary;", "Trường TH&THCS"),
        )
        schools = []
        for i in range(institutions):
            if rng.random() < P_PRESCHOOL:
                levels, stem = ";preschool;", "Trường Mầm non"
            else:
                levels, stem = stems[i % len(stems)]
            schools.append(
                Unit(
                    code=f"{tag}-T{i:06d}",
                    name=f"{stem} số {i}",
                    kind=UnitKind.INSTITUTION,
                    parent=communes[i % len(communes)],
                    levels=levels,
                    ownership="private" if rng.random() < 0.12 else "public",
                )
            )
        schools = list(bulk_units(schools).values())
    inputs = generate(fw, DISTINCT, seed)
    scored = []
    for data in inputs:
        own = score(fw, validate_facts(fw, data["facts"], awarded=data["awarded"] or None))
        corrected = dict(data["facts"], **{"1.4.1": rng.randint(0, 60)})
        awarded = {k: v for k, v in data["awarded"].items() if k != "1.4.1"}
        ext = score(fw, validate_facts(fw, corrected, awarded=awarded or None))
        scored.append((own, ext))

    def rows(result):
        out = []
        for group in fw.groups:
            g = result.groups[group.code]
            out.append((group.code, "", float(g.points), float(group.max_points), g.level))
            for cr in group.criteria:
                if not cr.mandatory:
                    c = result.criteria[cr.code]
                    out.append(
                        (group.code, cr.code, float(c.points), float(cr.max_points), c.level)
                    )
        return out

    scored_rows = [(rows(own), rows(ext)) for own, ext in scored]
    assessed = [s for s in schools if ";preschool;" not in s.levels]
    total_lines = 0
    for year in YEARS:
        dues = default_deadlines(year)
        with transaction.atomic():
            Campaign.objects.bulk_create(
                Campaign(authority=c, school_year=year, **dues) for c in communes
            )
            campaigns = {
                c.authority_id: c
                for c in Campaign.objects.filter(school_year=year, authority__in=communes)
            }
            CampaignFramework.objects.bulk_create(
                CampaignFramework(campaign=c, education_level=lv, version=version)
                for c in campaigns.values()
                for lv in ("primary", "lower_secondary")
            )
            Participation.objects.bulk_create(
                (
                    Participation(campaign=campaigns[s.parent_id], institution=s, version=version)
                    for s in assessed
                ),
                batch_size=5000,
            )
        mix = THIS_YEAR if year == YEARS[-1] else PAST_YEARS
        parts = list(
            Participation.objects.filter(campaign__school_year=year).values_list(
                "pk", "institution_id"
            )
        )
        chosen = rng.choices(list(mix), weights=list(mix.values()), k=len(parts))
        with transaction.atomic():
            SelfAssessment.objects.bulk_create(
                (
                    SelfAssessment(participation_id=pk, state=state, answered=True)
                    for (pk, _i), state in zip(parts, chosen, strict=True)
                    if state != "not_started"
                ),
                batch_size=5000,
            )
            assessments = list(
                SelfAssessment.objects.filter(
                    participation__campaign__school_year=year
                ).values_list("pk", "participation__institution_id", "state")
            )
            FactEntry.objects.bulk_create(
                (FactEntry(assessment_id=a, code="1.1", value=True) for a, _i, _s in assessments),
                batch_size=5000,
            )
            lines = []
            for aid, institution, state in assessments:
                own, ext = scored_rows[(institution * 7 + len(year)) % DISTINCT]
                external = state in ("evaluated", "recognised")
                # As lines.lines_for: own rows only from the head's approval on.
                sides = [(Side.SELF, own, not external)] if state in CLAIMED_STATES else []
                if external:
                    sides.append((Side.EXTERNAL, ext, True))
                for side, result, current in sides:
                    for group, criterion, points, maximum, level in result:
                        lines.append(
                            (
                                aid,
                                institution,
                                year,
                                fw.code,
                                side,
                                group,
                                criterion,
                                points,
                                maximum,
                                level,
                                current,
                            )
                        )
            _write_lines(lines)
            total_lines += len(lines)
    t0 = time.perf_counter()
    rollups.rebuild()
    print(f"roll-up recomputed per authority in {time.perf_counter() - t0:.1f} s")
    return ministry, departments[0], len(assessed), total_lines


LINE_COLUMNS = (
    "assessment_id",
    "institution_id",
    "school_year",
    "framework",
    "side",
    "group",
    "criterion",
    "points",
    "maximum",
    "level",
    "current",
)


def _write_lines(lines: list[tuple]) -> None:
    """The summary rows in bulk: COPY on PostgreSQL (a million rows a year at national scale),
    bulk_create elsewhere."""
    from django.db import connection

    from edudx.dashboards.models import ScoreLine

    if connection.vendor != "postgresql":
        ScoreLine.objects.bulk_create(
            (ScoreLine(**dict(zip(LINE_COLUMNS, row, strict=True))) for row in lines),
            batch_size=5000,
        )
        return
    columns = ", ".join(connection.ops.quote_name(c) for c in LINE_COLUMNS)
    sql = f"COPY dashboards_scoreline ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in lines:
            copy.write_row(row)


def _plain_sql(unit, year):
    """The level counts per group in one plain aggregate: the floor the dashboard is held to."""
    from django.db import connection

    sql = """
        SELECT l."group", l.level, COUNT(*)
        FROM dashboards_scoreline l
        JOIN assessments_selfassessment a ON a.id = l.assessment_id
        JOIN assessments_participation p ON p.id = a.participation_id
        JOIN assessments_campaign c ON c.id = p.campaign_id
        JOIN organizations_unit u ON u.id = c.authority_id
        WHERE l.school_year = %s AND l.current AND l.criterion = '' AND u.path LIKE %s
        GROUP BY l."group", l.level
    """
    from edudx.dashboards.queries import planned_for_aggregates

    # Planned as the dashboard's queries are (no JIT compilation, the same work_mem): they compare.
    with planned_for_aggregates(), connection.cursor() as cursor:
        cursor.execute(sql, [year, unit.path + "%"])
        return cursor.fetchall()


def _times(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def bench_dashboards(institutions: int = 54_000, seed: int = 4725, repeat: int = RUNS) -> bool:
    db_path = Path(f"/tmp/edudx-bench-{os.getpid()}.sqlite3")
    _setup_django(db_path)
    from django.conf import settings

    # DEBUG is off (as in production) but no collectstatic ran: plain static URLs for the pages.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from edudx.dashboards import views

    if os.environ.get("BENCH_ON_POSTGRES") != "1":
        institutions = min(institutions, SQLITE_CAP)  # the target is PostgreSQL's; SQLite reports
    runs = max(repeat, 1) * 7  # p95 of about twenty runs under `make bench` (repeat 3)
    try:
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}")
        t0 = time.perf_counter()
        ministry, department, assessed, lines = _nation(institutions, seed)
        print(
            f"generate: {institutions} institutions ({assessed} assessed), {len(YEARS)} years, "
            f"{lines} summary rows in {time.perf_counter() - t0:.1f} s"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        user = get_user_model().objects.create_superuser("bench.dash", "b@example.invalid", "x")
        factory = RequestFactory()
        ok = True
        year = YEARS[-1]
        for unit in (ministry, department):

            def page(unit=unit):
                request = factory.get(f"/bang-dieu-hanh/{unit.code}/")
                request.user = user
                response = views.area(request, unit.code)
                assert response.status_code == 200
                return response

            page()  # warm caches (framework definitions, templates)
            with CaptureQueriesContext(connection) as queries:
                page()
            if os.environ.get("BENCH_SLOWEST"):
                slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
                for q in slowest[:6]:
                    print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:160]}")
            dash = _times(page, runs)
            plain = _times(lambda unit=unit: _plain_sql(unit, year), runs)
            ratio = _p95(dash) / _p95(plain)
            met = ratio <= TARGET_RATIO
            on_target = connection.vendor == "postgresql" and institutions >= 50_000
            ok = ok and (met or not on_target)
            verdict = ("OK" if met else "OVER") if on_target else "reported only"
            print(
                f"{unit.name}: dashboard p50 {statistics.median(dash) * 1000:.0f} ms, "
                f"p95 {_p95(dash) * 1000:.0f} ms, {len(queries)} queries; plain level aggregate "
                f"p50 {statistics.median(plain) * 1000:.1f} ms, p95 {_p95(plain) * 1000:.1f} ms; "
                f"ratio {ratio:.1f}× (target ≤ {TARGET_RATIO:g}×: {verdict})"
            )
        return ok
    finally:
        connection.close()
        remove_sqlite_files(db_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=54_000)
    parser.add_argument("--seed", type=int, default=4725)
    parser.add_argument("--repeat", type=int, default=RUNS)
    args = parser.parse_args(argv)
    return 0 if bench_dashboards(args.institutions, args.seed, args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
