"""Load benchmark (issue 15, §3): `make serve` on PostgreSQL, simulated school users opening their
form and autosaving, and officers paging the review queue; loopback only, bounded in time.

Run by `make bench` through scripts/with_postgres.sh (DATABASE_URL set):
    BENCH_ON_POSTGRES=1 bash scripts/with_postgres.sh .venv/bin/python bench/load.py

Each simulated person has a session made directly in the database (no log-in: the password hash
is slow on purpose and is not what is measured) and a CSRF cookie of its own. A school user opens
its form (each school has last year's file, half of them recognised by decision, as every year
after the first), then saves one item again and again, waiting THINK seconds (a person changing
fields) between saves, carrying the revision each answer gives back. Officers page the queue.
The load rises in steps, each with new people who all open the form within THINK seconds (an
arrival spike); each step reports saves/s (and per core), p50/p95/p99 of every save and, apart,
the p95 of the saves begun once everyone of the step had opened the form ("settled": the steady
state without the spike), and errors; the knee is the first step whose p95 (of every save)
passes 1 s. Before the steps, with nothing else running, an autosave is compared with a trivial view
(/healthz) of the same server: the ratio of their medians.

The client runs on the same cores as the server (it is a loopback benchmark): the figures are a
floor for the server alone; each step prints the share of the machine's cores the client itself
used ("client CPU")."""

from __future__ import annotations

import collections
import datetime
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCHOOLS = int(os.environ.get("LOAD_SCHOOLS", 400))
STEPS = [int(n) for n in os.environ.get("LOAD_USERS", "25,50,100,200").split(",")]
OFFICERS = 4
STEP_SECONDS = float(os.environ.get("LOAD_STEP_SECONDS", 15))
THINK = float(os.environ.get("LOAD_THINK", 2.0))  # mean seconds between a person's saves
ITEM = "1.4.1"  # a count: every save changes it


def production_env(tmp: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "DATABASE_URL")}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            env.setdefault(line.split("=", 1)[0].strip(), "")
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-" + "y" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="false",
        ALLOW_INLINE_TASKS="true",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        WEB_WORKERS=os.environ.get("WEB_WORKERS", "") or str(os.cpu_count() or 2),
        WEB_THREADS=os.environ.get("WEB_THREADS", "") or "4",
        PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict) -> dict:
    """Migrate, load the index, make SCHOOLS schools under one commune with a campaign, a head per
    school and OFFICERS officers, each with a session; returns what the clients need."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edudx.settings"
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from edudx.accounts.models import Role, RoleAssignment, User
    from edudx.assessments import standing
    from edudx.assessments.campaigns import default_deadlines, open_campaign
    from edudx.assessments.facts import start_assessment
    from edudx.assessments.models import FactEntry, SelfAssessment
    from edudx.frameworks.models import FrameworkVersion
    from edudx.organizations.models import UnitKind as K
    from edudx.organizations.services import create_unit
    from edudx.recognition.models import RecognisedResult, RecognitionDecision

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_framework", "--bundled", verbosity=0)
    version = FrameworkVersion.objects.usable().filter(code="4725").order_by("-decision_date")[0]
    ministry = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=K.MINISTRY)
    dept = create_unit(code="S01", name="Sở GDĐT thử tải", kind=K.DEPARTMENT, parent=ministry)
    commune = create_unit(code="X01", name="UBND phường thử tải", kind=K.COMMUNE, parent=dept)
    schools = [
        create_unit(
            code=f"T{i:04}",
            name=f"Trường Tiểu học số {i}",
            kind=K.INSTITUTION,
            parent=commune,
            education_levels=["primary"],
        )
        for i in range(SCHOOLS)
    ]
    # Last year's files too, as every year after the first has them (a save stores a flag
    # against last year's recognised levels; the form shows last year): half recognised.
    last = open_campaign(
        authority=commune,
        school_year="2024-2025",
        versions={"primary": version},
        deadlines=default_deadlines("2024-2025"),
        institutions=schools,
    ).campaign
    decision = RecognitionDecision.objects.create(
        campaign=last,
        authority=commune,
        number="1/QĐ-UBND",
        date=datetime.date(2025, 6, 25),
        signer_name="Người ký",
        signer_title="Chủ tịch",
    )
    old = []
    for i, p in enumerate(last.participations.select_related("institution")):
        a = start_assessment(p)
        old += [FactEntry(assessment=a, code=c, value=True, revision=1) for c in ("1.1", "1.2")]
        if i % 2:
            RecognisedResult.objects.create(
                decision=decision,
                assessment=a,
                institution=p.institution,
                framework_code=version.code,
                framework_version=version.version,
                levels={"1": 1, "2": 1},
                points={},
            )
    FactEntry.objects.bulk_create(old, batch_size=2000)
    year = "2025-2026"
    campaign = open_campaign(
        authority=commune,
        school_year=year,
        versions={"primary": version},
        deadlines=default_deadlines(year),
        institutions=schools,
    ).campaign
    facts = {"1.1": True, "1.2": True, "1.3.1": True, "2.1": True, ITEM: 10}
    parts = list(campaign.participations.select_related("institution"))
    rows = []
    for p in parts:
        a = start_assessment(p)
        rows += [FactEntry(assessment=a, code=c, value=v, revision=1) for c, v in facts.items()]
    FactEntry.objects.bulk_create(rows, batch_size=2000)
    standing.refresh(
        SelfAssessment.objects.filter(participation__campaign=campaign).values_list("pk", flat=True)
    )
    password = "!"  # unusable: these people never log in, their sessions are made here

    def person(username, role, unit):
        user = User.objects.create(username=username, password=password)
        RoleAssignment.objects.create(user=user, unit=unit, role=role)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "edudx.accounts.backends.UsernameOrEmailBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    heads = [
        (person(f"head{i}", Role.INSTITUTION_HEAD, p.institution), p.pk)
        for i, p in enumerate(parts)
    ]
    officers = [person(f"officer{i}", Role.AUTHORITY_OFFICER, commune) for i in range(OFFICERS)]
    from django.db import connections

    connections.close_all()
    return {"heads": heads, "officers": officers, "campaign": campaign.pk}


class Person:
    def __init__(self, base: str, session: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts
        self.http.cookies.set("sessionid", session, domain="127.0.0.1")
        self.http.cookies.set("csrftoken", self.csrf, domain="127.0.0.1")
        # A connection per request, as nginx opens to gunicorn by default (and no race with
        # gunicorn closing an idle kept-alive connection during a person's think time).
        self.http.headers["Connection"] = "close"

    def get(self, path: str):
        return self.http.get(self.base + path, timeout=30)

    def post(self, path: str, data: dict):
        headers = {"X-CSRFToken": self.csrf, "HX-Request": "true"}
        return self.http.post(self.base + path, data=data, headers=headers, timeout=30)


KINDS: collections.Counter = collections.Counter()  # what the errors were
REVISION = re.compile(r'name="revision" value="(\d+)"')


class School(Person):
    def __init__(self, base, session, participation) -> None:
        super().__init__(base, session)
        self.pk = participation
        self.revision = None
        self.value = 10

    def open(self) -> tuple[float, bool]:
        t = time.perf_counter()
        r = self.get(f"/tu-danh-gia/{self.pk}/")
        took = time.perf_counter() - t
        if r.status_code != 200:
            KINDS[f"open {r.status_code}"] += 1
            return took, False
        form = r.text[r.text.index(f'id="item-{ITEM}"') :]
        self.revision = REVISION.search(form).group(1)
        return took, True

    def save(self) -> tuple[float, bool, int]:
        self.value = 11 if self.value == 10 else 10
        t = time.perf_counter()
        r = self.post(
            f"/tu-danh-gia/{self.pk}/muc/{ITEM}/",
            {"value": str(self.value), "revision": self.revision},
        )
        took = time.perf_counter() - t
        found = REVISION.search(r.text) if r.status_code == 200 else None
        ok = found is not None and 'class="field-error"' not in r.text
        if found:
            self.revision = found.group(1)
        if not ok:
            KINDS[f"save {r.status_code}" + (" refused" if found else "")] += 1
        return took, ok, len(r.content)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:7.0f}"


def baseline(base: str, data: dict) -> tuple[float, float, int]:
    """Median of a trivial view and of an autosave, one at a time, same server."""
    school = School(base, *data["heads"][0])
    school.open()
    trivial, saves, size = [], [], 0
    for _ in range(5):  # warm every worker
        requests.get(base + "/healthz", timeout=10)
        school.save()
    for _ in range(40):
        t = time.perf_counter()
        requests.get(base + "/healthz", timeout=10)
        trivial.append(time.perf_counter() - t)
        took, ok, size = school.save()
        assert ok, "a baseline save failed"
        saves.append(took)
    return statistics.median(trivial), statistics.median(saves), size


def step(base: str, data: dict, users: int) -> dict:
    stop = time.monotonic() + STEP_SECONDS
    saves, opens, pages, errors = [], [], [], [0]
    settled = []  # saves begun once everyone of the step had opened the form
    arrived = [0]
    lock = threading.Lock()
    heads = data["heads"][1 : users + 1]

    def school_user(session, participation, offset):
        person = School(base, session, participation)
        time.sleep(offset)  # people do not all start at once
        try:
            took, ok = person.open()
        except requests.RequestException:
            took, ok = 30.0, False
        with lock:
            opens.append(took)
            errors[0] += not ok
            arrived[0] += 1
        while ok and time.monotonic() < stop:
            time.sleep(THINK * (0.5 + secrets.randbelow(1000) / 1000))
            if time.monotonic() >= stop:
                break
            after_arrivals = arrived[0] == len(heads)
            try:
                took, saved, _size = person.save()
            except requests.RequestException as exc:
                took, saved = 30.0, False
                KINDS[f"save {type(exc).__name__}"] += 1
            with lock:
                saves.append(took)
                if after_arrivals:
                    settled.append(took)
                errors[0] += not saved

    def officer(session):
        person = Person(base, session)
        page = 1
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                r = person.get(f"/tham-dinh/dot/{data['campaign']}/?sort=points&page={page}")
                ok = r.status_code == 200
            except requests.RequestException as exc:
                ok, r = False, exc
            if not ok:
                KINDS[f"queue {getattr(r, 'status_code', type(r).__name__)}"] += 1
            with lock:
                pages.append(time.perf_counter() - t)
                errors[0] += not ok
            page = page % max(1, SCHOOLS // 50) + 1
            time.sleep(1.0)

    threads = [
        threading.Thread(target=school_user, args=(s, p, THINK * i / max(1, len(heads))))
        for i, (s, p) in enumerate(heads)
    ] + [threading.Thread(target=officer, args=(s,)) for s in data["officers"]]
    started, client_cpu = time.monotonic(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    client_cpu = time.process_time() - client_cpu
    return {
        "users": users,
        "saves": len(saves),
        "rate": len(saves) / elapsed,
        "p50": pct(saves, 50),
        "p95": pct(saves, 95),
        "p99": pct(saves, 99),
        "settled95": pct(settled, 95),
        "open95": pct(opens, 95),
        "page95": pct(pages, 95),
        "errors": errors[0],
        # of the machine's cores, the share the simulated people themselves used
        "client": client_cpu / elapsed / (os.cpu_count() or 1),
    }


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench/load.py: run me through scripts/with_postgres.sh", file=sys.stderr)
        return 2
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = Path(tempfile.mkdtemp(prefix="edudx-load-"))
    env = production_env(tmp, port)
    t0 = time.monotonic()
    data = prepare(env)
    print(f"   {SCHOOLS} schools, {OFFICERS} officers ready in {time.monotonic() - t0:.0f} s")
    log = open(tmp / "serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        ["make", "-s", "serve", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(base + "/readyz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print((tmp / "serve.log").read_text()[-3000:])
                return 1
            time.sleep(0.5)
        cores = os.cpu_count() or 1
        print(
            f"   make serve: {env['WEB_WORKERS']} workers × {env['WEB_THREADS']} threads, "
            f"{cores} cores (client on the same cores), think time {THINK} s"
        )
        trivial, save, size = baseline(base, data)
        print(
            f"   one at a time: trivial view {trivial * 1000:.1f} ms, autosave {save * 1000:.1f} ms "
            f"({size} bytes) — ratio {save / trivial:.1f}×"
        )
        print(
            "   users  saves/s  per core   p50 ms   p95 ms   p99 ms  settled p95  open p95"
            "  queue p95  errors  client CPU"
        )
        knee = None
        results = []
        for users in STEPS:
            r = step(base, data, users)
            results.append(r)
            print(
                f"   {r['users']:5}  {r['rate']:7.1f}  {r['rate'] / cores:8.1f}  {ms(r['p50'])}  "
                f"{ms(r['p95'])}  {ms(r['p99'])}      {ms(r['settled95'])}   {ms(r['open95'])}"
                f"    {ms(r['page95'])}  {r['errors']:6}"
                f"  {r['client']:9.0%}",
                flush=True,
            )
            if knee is None and r["p95"] > 1.0:
                knee = users
        if KINDS:
            print(f"   errors: {dict(KINDS)}")
        print(f"   knee (p95 > 1 s): {'above ' + str(STEPS[-1]) if knee is None else knee} users")
        at100 = next((r for r in results if r["users"] == 100), None)
        met = save / trivial <= 5 and (
            at100 is None or (at100["p95"] < 0.3 and not at100["errors"])
        )
        print(
            f"   targets (ratio ≤ 5×, 100 users p95 < 300 ms, 0 errors): {'met' if met else 'missed'}"
        )
        return 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
