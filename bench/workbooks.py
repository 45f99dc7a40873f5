"""Workbook benchmark: a province's summary workbook (one row per institution, self-assessed and
external points and levels per group computed by the engine) for 5,000 institutions.

A throw-away SQLite database (or PostgreSQL with BENCH_ON_POSTGRES=1, as the registry benchmark)
gets one department, 50 communes and 5,000 institutions (bulk inserts), the department's campaign
opened for every commune (`open_campaign(cascade=True)`), one self-assessment per institution with
the generator's facts (bench/generate.py), and a final external evaluation for one in twenty.
Then `authority_workbook(campaign, with_children=True)` writes the .xlsx: timed (best of
`repeat`), then once more under tracemalloc for the peak of Python memory — streaming keeps it
flat whatever the number of institutions.

    python bench/workbooks.py --institutions 5000
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from bench.registry import _setup_django
from bench.throwaway import remove_sqlite_files

TARGET = 20.0  # seconds, for a province of 5,000 institutions
PROVINCE = 5_000
COMMUNES = 50
YEAR = "2025-2026"
P_EVALUATED = 0.05


def _province(institutions: int, seed: int):
    """The department, its communes and institutions, the cascaded campaign, the facts."""
    from django.db import transaction

    from edudx.assessments.campaigns import default_deadlines, open_campaign
    from edudx.assessments.models import AssessmentState, FactEntry, SelfAssessment
    from edudx.frameworks import loader
    from edudx.frameworks.models import FrameworkVersion
    from edudx.organizations.models import Unit, UnitKind
    from edudx.organizations.services import create_unit
    from edudx.reviews.models import Evaluation, EvaluationEntry, EvaluationState

    loader.load_bundled()
    version = FrameworkVersion.objects.filter(code="4725").order_by("-pk").first()
    fw = version.framework()
    rng = random.Random(seed)
    tag = f"WB{seed % 1000:03d}{os.getpid() % 1000:03d}"
    with transaction.atomic():
        ministry = Unit.objects.filter(kind=UnitKind.MINISTRY).first() or create_unit(
            code=f"{tag}-BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY
        )
        department = create_unit(
            code=f"{tag}-S", name="Sở GDĐT (benchmark)", kind=UnitKind.DEPARTMENT, parent=ministry
        )
        communes = [
            create_unit(
                code=f"{tag}-X{c:03d}",
                name=f"UBND xã {c:03d}",
                kind=UnitKind.COMMUNE,
                parent=department,
            )
            for c in range(COMMUNES)
        ]
        stems = (
            (["primary"], "Trường Tiểu học"),
            (["lower_secondary"], "Trường THCS"),
            (["primary", "lower_secondary"], "Trường Tiểu học và THCS"),
        )
        units = []
        for i in range(institutions):
            levels, stem = stems[i % len(stems)]
            unit = Unit(
                code=f"{tag}-T{i:05d}",
                name=f"{stem} số {i}",
                kind=UnitKind.INSTITUTION,
                parent=communes[i % COMMUNES],
            )
            unit.education_levels = levels
            units.append(unit)
        Unit.objects.bulk_create(units, batch_size=1000)
        units = list(Unit.objects.filter(code__startswith=f"{tag}-T").select_related("parent"))
        for unit in units:
            unit.path = f"{unit.parent.path}{unit.pk}/"
            unit.depth = unit.path.count("/") - 2
        Unit.objects.bulk_update(units, ["path", "depth"], batch_size=1000)
        opened = open_campaign(
            authority=department,
            school_year=YEAR,
            versions={"primary": version, "lower_secondary": version},
            deadlines=default_deadlines(YEAR),
            cascade=True,
        )
    campaign = opened.campaign
    participations = [p for c in opened.children for p in c.participations.all()]
    states = [AssessmentState.DRAFT, AssessmentState.APPROVED, AssessmentState.SUBMITTED]
    SelfAssessment.objects.bulk_create(
        (
            SelfAssessment(participation=p, state=rng.choice(states), answered=True)
            for p in participations
        ),
        batch_size=1000,
    )
    assessments = list(
        SelfAssessment.objects.filter(participation__campaign__parent=campaign).order_by("pk")
    )
    inputs = generate(fw, len(assessments), seed)
    entries, evaluated = [], []
    for assessment, data in zip(assessments, inputs, strict=True):
        for code, value in data["facts"].items():
            points = data["awarded"].get(code)
            entries.append(
                FactEntry(assessment=assessment, code=code, value=value, awarded=points, revision=1)
            )
        if rng.random() < P_EVALUATED:
            evaluated.append(assessment)
        if len(entries) > 20_000:
            FactEntry.objects.bulk_create(entries, batch_size=2000)
            entries = []
    FactEntry.objects.bulk_create(entries, batch_size=2000)
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(assessment=a, state=EvaluationState.FINAL) for a in evaluated
    )
    EvaluationEntry.objects.bulk_create(
        EvaluationEntry(
            evaluation=e, code="1.4.1", value=rng.randint(0, 60), comment="Kiểm tra lại"
        )
        for e in Evaluation.objects.filter(pk__in=[e.pk for e in evaluations])
    )
    return (
        campaign,
        len(assessments),
        FactEntry.objects.filter(assessment__in=assessments).count(),
        len(evaluated),
    )


def bench_workbooks(institutions: int = PROVINCE, seed: int = 4725, repeat: int = 3) -> bool:
    """Time the province's workbook; True when it is written within the target. `institutions`
    is capped at a province's size (the run's national default is 53,000)."""
    n = min(institutions, PROVINCE)
    db_path = Path(f"/tmp/edudx-bench-{os.getpid()}.sqlite3")
    _setup_django(db_path)
    from django.core.management import call_command
    from django.db import connection

    from edudx.workbooks.exporters import authority_workbook

    try:
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor}")
        t0 = time.perf_counter()
        campaign, assessed, facts, evaluated = _province(n, seed)
        print(
            f"generate: {assessed} institutions, {facts} facts, {evaluated} final evaluations in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        best = float("inf")
        with tempfile.TemporaryDirectory(prefix="edudx-bench-") as tmp:
            out = Path(tmp) / "tong-hop.xlsx"
            for _ in range(max(1, repeat)):
                gc.collect()
                t0 = time.perf_counter()
                rows = authority_workbook(campaign, out, with_children=True)
                best = min(best, time.perf_counter() - t0)
            size = out.stat().st_size / 1e6
            gc.collect()
            tracemalloc.start()
            authority_workbook(campaign, out, with_children=True)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        ok = best < TARGET and rows == assessed
        verdict = "OK" if ok else ("TOO SLOW" if rows == assessed else f"WRONG ({rows} rows)")
        print(
            f"province workbook: {rows} institutions in {best:.2f} s ({rows / best:,.0f} /s), "
            f"{size:.1f} MB — target < {TARGET:g} s: {verdict}; "
            f"peak Python memory {peak / 1e6:.0f} MB (tracemalloc)"
        )
        return ok
    finally:
        connection.close()
        remove_sqlite_files(db_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=PROVINCE)
    parser.add_argument("--seed", type=int, default=4725)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    return 0 if bench_workbooks(args.institutions, args.seed, args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
