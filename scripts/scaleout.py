"""`make test-scaleout`: two `make serve` processes and one `make worker` on one PostgreSQL and one
S3-compatible store (moto's server), walked by an HTTP client across both — then a backup
(pg_dump + a copy of the bucket) restored into a fresh database and bucket, served by a third
process that must show the same results. Run by scripts/with_postgres.sh (DATABASE_URL set);
everything it starts is stopped at the end, on loopback only. Exit status 1 on any failure.

What it proves (issue 15, §2): no correctness depends on one process's memory — a session made
on A serves on B, evidence uploaded on A downloads on B, a workbook queued on B is written by the
worker (never by a web process) and downloads on A, and the same approval sent to A and B at
once applies once with no 500."""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
PY = str(BASE_DIR / ".venv" / "bin" / "python")
BUCKET = "edudx-scaleout"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + os.urandom(64).hex().encode()
STARTED: list[subprocess.Popen] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(tmp: Path, s3_port: int, database_url: str, bucket: str = BUCKET) -> dict:
    """Production settings on loopback: every EduDX variable blank (so .env fills in nothing)
    but these."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            env[line.split("=", 1)[0].strip()] = ""
    env.update(
        DEBUG="false",
        SECRET_KEY="scaleout-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="false",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
        S3_REGION="us-east-1",
        S3_ACCESS_KEY_ID="scaleout",
        S3_SECRET_ACCESS_KEY="scaleout",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),  # must stay empty: files go to S3
        WEB_WORKERS="1",
        WEB_THREADS="4",
        WORKBOOK_DIRECT_ROWS="1",  # the province workbook goes to the worker
        LOG_LEVEL="INFO",
    )
    return env


def start(name: str, args: list[str], env: dict, tmp: Path) -> subprocess.Popen:
    log = open(tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        args, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.name, proc.log_path = name, tmp / f"{name}.log"
    STARTED.append(proc)
    return proc


def stop_all() -> None:
    for proc in reversed(STARTED):
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
    for proc in STARTED:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_ready(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.name} stopped:\n{proc.log_path.read_text()[-3000:]}")
        try:
            if requests.get(url + "/readyz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{proc.name} not ready after {seconds} s")


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def query(env: dict, sql: str, *params):
    """Read the shared database directly (assertions only): the first row."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
        row = db.execute(sql, params).fetchone()
    return row if row is None or len(row) > 1 else row[0]


LATEST_PARTICIPATION = (
    "SELECT p.id FROM assessments_participation p"
    " JOIN organizations_unit u ON u.id = p.institution_id"
    " JOIN assessments_campaign c ON c.id = p.campaign_id"
    " WHERE u.code = %s ORDER BY c.school_year DESC LIMIT 1"
)


class Client:
    """One person's browser: one cookie jar, any server."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def csrf(self) -> str:
        return self.http.cookies.get("csrftoken", "")

    def login(self, server: str, username: str) -> None:
        self.http.get(f"{server}/dang-nhap/", timeout=20)
        r = self.http.post(
            f"{server}/dang-nhap/",
            data={
                "username": username,
                "password": "edudx-demo",
                "csrfmiddlewaretoken": self.csrf(),
            },
            allow_redirects=False,
            timeout=20,
        )
        check(r.status_code == 302, f"log-in of {username} on {server}: {r.status_code}")

    def get(self, url: str, **kw) -> requests.Response:
        r = self.http.get(url, timeout=30, **kw)
        check(r.status_code < 500, f"GET {url}: {r.status_code}")
        return r

    def post(self, url: str, data=None, **kw) -> requests.Response:
        headers = {"X-CSRFToken": self.csrf(), **kw.pop("headers", {})}
        r = self.http.post(url, data=data, headers=headers, timeout=60, **kw)
        check(r.status_code < 500, f"POST {url}: {r.status_code}")
        return r


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def step(message: str) -> None:
    print(f"  {time.monotonic() - T0:5.1f} s  {message}", flush=True)


def walk(a: str, b: str, env: dict) -> dict:
    """The school's year across both servers; returns what a restored copy must show."""
    school = Client()
    school.login(a, "demo.hieutruong")
    step("head of school logged in on A")
    pk = query(env, LATEST_PARTICIPATION, "31X001TH01")
    page = school.get(f"{b}/tu-danh-gia/{pk}/").text  # the session made on A, read on B
    check("item-1.1" in page, "the form did not open on B")
    form = page[page.index('id="item-1.1"') :]
    revision = re.search(r'name="revision" value="(\d+)"', form).group(1)
    r = school.post(
        f"{b}/tu-danh-gia/{pk}/muc/1.1/",
        {"value": "true", "revision": revision},
        headers={"HX-Request": "true"},
    )
    check(r.status_code == 200 and 'id="item-1.1"' in r.text, f"save on B: {r.status_code}")
    step("facts saved on B")
    r = school.post(
        f"{a}/tu-danh-gia/{pk}/minh-chung/them/",
        {"title": "Quyết định thành lập ban chỉ đạo", "criterion": "1.1"},
        files={"file": ("quyet-dinh.pdf", PDF, "application/pdf")},
        allow_redirects=False,
    )
    check(r.status_code == 302, f"evidence upload on A: {r.status_code} {r.text[-500:]}")
    evidence = query(
        env,
        "SELECT e.id FROM assessments_evidence e"
        " JOIN assessments_selfassessment a ON a.id = e.assessment_id"
        " WHERE a.participation_id = %s AND e.file_name = 'quyet-dinh.pdf'",
        pk,
    )
    file_url = f"/tu-danh-gia/{pk}/minh-chung/{evidence}/tep/"
    got = school.get(b + file_url)
    check(got.status_code == 200 and got.content == PDF, f"evidence on B: {got.status_code}")
    step("evidence uploaded on A, downloaded on B (from S3)")

    department = Client()
    department.login(b, "demo.so")
    campaign = query(
        env,
        "SELECT c.id FROM assessments_campaign c JOIN organizations_unit u ON u.id = c.authority_id"
        " WHERE u.code = 'SGD31' ORDER BY c.school_year DESC LIMIT 1",
    )
    r = department.post(
        f"{b}/bang-tinh/dot-danh-gia/{campaign}/", {"scope": "all"}, allow_redirects=False
    )
    check(r.status_code == 302 and "/tac-vu/" in r.headers["Location"], "workbook not queued")
    job = int(r.headers["Location"].rstrip("/").split("/")[-1])
    step("province workbook queued on B")
    deadline = time.monotonic() + 60
    while True:
        state = query(env, "SELECT state FROM core_exportjob WHERE id = %s", job)
        if state not in ("queued", "running") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    check(state == "done", f"workbook job ended {state}")
    workbook = department.get(f"{a}/bang-tinh/tac-vu/{job}/tai-ve/")
    check(workbook.content[:2] == b"PK", "the workbook did not download on A")
    status, workers = query(
        env,
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE '%%run_export' ORDER BY enqueued_at DESC LIMIT 1",
    )
    ran = f"{status}, worker {workers}"
    check(status == "SUCCESSFUL" and workers, f"task result: {ran}")
    step(f"workbook made by the worker ({ran}), downloaded on A")

    officer = Client()
    officer.login(a, "demo.canbo")
    submitted = query(env, LATEST_PARTICIPATION, "31X001TH02")
    gate, answers = threading.Barrier(2), {}

    def accept(server: str) -> None:
        gate.wait()
        r = officer.http.post(
            f"{server}/tham-dinh/ho-so/{submitted}/accept/",
            {"confirmed": "1"},
            headers={"X-CSRFToken": officer.csrf()},
            allow_redirects=False,
            timeout=60,
        )
        answers[server] = r.status_code

    threads = [threading.Thread(target=accept, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(all(code < 500 for code in answers.values()), f"concurrent accept: {answers}")
    applied = query(
        env,
        "SELECT a.state, (SELECT count(*) FROM core_auditrecord r WHERE r.action ="
        " 'assessment.accept' AND r.object_id = a.id::text) FROM assessments_selfassessment a"
        " WHERE a.participation_id = %s",
        submitted,
    )
    check(applied == ("under_review", 1), f"the approval applied {applied!r} (state, times)")
    step(f"the same acceptance sent to A and B at once: {answers}, applied once")
    queue = officer.get(f"{a}/tham-dinh/dot/{campaign_of(env, submitted)}/").text
    return {
        "form": progress_line(school.get(f"{a}/tu-danh-gia/{pk}/").text),
        "queue": counts_line(queue),
        "file_url": file_url,
        "pk": pk,
        "campaign": campaign_of(env, submitted),
    }


def campaign_of(env: dict, participation: int) -> int:
    return query(
        env, "SELECT campaign_id FROM assessments_participation WHERE id = %s", participation
    )


def progress_line(page: str) -> str:
    start = page.index('id="form-progress"')
    return re.sub(r"\s+", " ", page[start : page.index("</p>", start)])


def counts_line(page: str) -> str:
    counts = re.findall(r'data-state="(\w+)">[^<]*</a>: <strong>(\d+)', page)
    check(bool(counts), "the queue shows no counts")
    return " ".join(f"{state}={n}" for state, n in counts)


def backup_and_restore(env: dict, tmp: Path, s3_port: int) -> tuple[str, str]:
    """The documented procedure (docs/deployment.md, "Backups"): pg_dump in custom format and a
    copy of the bucket; restored into a fresh database and bucket."""
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    url = env["DATABASE_URL"]
    dump = tmp / "edudx.dump"
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    run = [*as_pg, f"{bindir}/pg_dump", "--format=custom", "--no-owner", f"--dbname={url}"]
    with open(dump, "wb") as out:
        subprocess.run(run, check=True, stdout=out)
    parts = urlsplit(url)
    restored_url = urlunsplit(parts._replace(path="/edudx_restored"))
    subprocess.run(
        [*as_pg, f"{bindir}/createdb", f"--maintenance-db={url}", "edudx_restored"], check=True
    )
    with open(dump, "rb") as data:
        subprocess.run(
            [*as_pg, f"{bindir}/pg_restore", "--no-owner", f"--dbname={restored_url}"],
            check=True,
            stdin=data,
        )
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{s3_port}",
        aws_access_key_id="scaleout",
        aws_secret_access_key="scaleout",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=BUCKET + "-restored")
    copied = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            s3.copy_object(
                Bucket=BUCKET + "-restored",
                Key=obj["Key"],
                CopySource={"Bucket": BUCKET, "Key": obj["Key"]},
            )
            copied += 1
    step(f"backup: pg_dump {dump.stat().st_size // 1024} KB, {copied} objects copied; restored")
    return restored_url, BUCKET + "-restored"


def main() -> int:
    global T0
    T0 = time.monotonic()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("test-scaleout: run me through scripts/with_postgres.sh", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="edudx-scaleout-"))
    s3_port, port_a, port_b, port_c = (free_port() for _ in range(4))
    env = base_env(tmp, s3_port, database_url)
    ok = False
    try:
        moto = start(
            "s3", [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], env, tmp
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{s3_port}/", timeout=20)
                break
            except requests.ConnectionError:
                check(moto.poll() is None and time.monotonic() < deadline, "moto did not start")
                time.sleep(0.2)
        requests.put(f"http://127.0.0.1:{s3_port}/{BUCKET}", timeout=20)
        step("S3 (moto) up")
        manage(env, "migrate", "--noinput")
        manage(env, "load_framework", "--bundled")
        manage(env, "load_demo", "--force")
        step("database migrated, demo data loaded (files in S3)")
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        web_a = start("web-a", ["make", "-s", "serve", f"PORT={port_a}"], env, tmp)
        # B: the same settings, a connection pool instead of kept connections; its own static
        # directory (both collect their static files at start)
        env_b = {**env, "DB_POOL_MAX_SIZE": "4", "STATIC_ROOT": str(tmp / "static-b")}
        web_b = start("web-b", ["make", "-s", "serve", f"PORT={port_b}"], env_b, tmp)
        worker = start("worker", ["make", "-s", "worker"], env, tmp)
        wait_ready(a, web_a, 90)
        wait_ready(b, web_b, 90)
        check(worker.poll() is None, "the worker stopped")
        step("two `make serve` (A, B with a pool) and one `make worker` ready")
        shown = walk(a, b, env)
        for web in (web_a, web_b):
            log = web.log_path.read_text()
            check("run_export" not in log and "Task id=" not in log, f"{web.name} ran a task")
            check(" 500 " not in log, f"{web.name} answered a 500")
        check(not any((tmp / "media").glob("**/*.*")), "a file was written on local disk")
        restored_url, restored_bucket = backup_and_restore(env, tmp, s3_port)
        env_c = base_env(tmp, s3_port, restored_url, restored_bucket)
        c = f"http://127.0.0.1:{port_c}"
        web_c = start("web-c", ["make", "-s", "serve", f"PORT={port_c}"], env_c, tmp)
        wait_ready(c, web_c)
        school, officer = Client(), Client()
        school.login(c, "demo.hieutruong")
        officer.login(c, "demo.canbo")
        check(
            progress_line(school.get(f"{c}/tu-danh-gia/{shown['pk']}/").text) == shown["form"],
            "the restored form shows other points",
        )
        check(school.get(c + shown["file_url"]).content == PDF, "the restored evidence differs")
        check(
            counts_line(officer.get(f"{c}/tham-dinh/dot/{shown['campaign']}/").text)
            == shown["queue"],
            "the restored queue shows other counts",
        )
        step("restored copy served by C shows the same form, evidence and queue")
        ok = True
    except AssertionError as exc:
        print(f"test-scaleout: FAILED: {exc}", file=sys.stderr)
        for proc in STARTED:
            print(
                f"--- {proc.name} (last lines)\n{proc.log_path.read_text()[-2000:]}",
                file=sys.stderr,
            )
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"test-scaleout: {'passed' if ok else 'failed'} in {time.monotonic() - T0:.1f} s")
    return 0 if ok else 1


T0 = 0.0

if __name__ == "__main__":
    raise SystemExit(main())
