"""`make serve`: the production server. Refuses a configuration that is not fit for production,
applies the migrations, collects the static files, then replaces itself with gunicorn.

Variables: HOST, PORT, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT (see .env.example). Never loads
demo data. `--check` stops after the refusals (used by the tests)."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edudx.settings")


def refusals() -> list[str]:
    from django.conf import settings

    reasons = []
    if settings.DEBUG:
        reasons.append(
            "DEBUG is true: `make serve` is for production. Set DEBUG=false "
            "(with SECRET_KEY and ALLOWED_HOSTS), or use `make run` for a demo."
        )
    backend = settings.TASKS["default"]["BACKEND"]
    inline = os.environ.get("ALLOW_INLINE_TASKS", "").strip().lower() in {"1", "true", "yes", "on"}
    if backend != "django_tasks_db.DatabaseBackend" and not inline:
        reasons.append(
            "TASKS_BACKEND is not 'database': long exports would run inside web requests. "
            "Set TASKS_BACKEND=database and run `make worker`, or ALLOW_INLINE_TASKS=true."
        )
    return reasons


def gunicorn_command() -> list[str]:
    host = os.environ.get("HOST") or "127.0.0.1"
    port = os.environ.get("PORT") or "8000"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "edudx.wsgi:application",
        f"--bind={host}:{port}",
        f"--workers={os.environ.get('WEB_WORKERS') or 2}",
        f"--threads={os.environ.get('WEB_THREADS') or 4}",
        f"--timeout={os.environ.get('WEB_TIMEOUT') or 120}",
        "--access-logfile=-",
        # The path without its query string: no token or address reaches the log.
        '--access-logformat=%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s',
        f"--chdir={BASE_DIR}",
    ]


def main(argv: list[str]) -> int:
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"make serve: refused: {error}", file=sys.stderr)
        return 2
    reasons = refusals()
    for reason in reasons:
        print(f"make serve: refused: {reason}", file=sys.stderr)
    if reasons:
        return 2
    if "--check" in argv:
        print("make serve: configuration fit for production")
        return 0
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)
    command = gunicorn_command()
    os.execv(command[0], command)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
