"""Production keeps its database connections (issue 15): a new connection per request doubled
PostgreSQL's CPU under load. Kept and health-checked by default when DEBUG is off; a psycopg pool
per process when DB_POOL_MAX_SIZE is set; one per request in development."""

import json

from edudx.core.tests.test_serving import SECRET, _env_with_only, _run

READ = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'edudx.settings'; "
    "from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('OPTIONS', {}).get('pool')]))"
)
PG = "postgres://edudx@127.0.0.1:5432/edudx"


def database(**env):
    result = _run(["-c", READ], _env_with_only(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_connections_and_checks_them_before_reuse():
    assert database(DEBUG="false", SECRET_KEY=SECRET, DATABASE_URL=PG) == [600, True, None]


def test_a_pool_replaces_kept_connections_when_its_size_is_set():
    age, _checks, pool = database(
        DEBUG="false", SECRET_KEY=SECRET, DATABASE_URL=PG, DB_POOL_MAX_SIZE="8"
    )
    assert age == 0 and pool == {"min_size": 2, "max_size": 8, "timeout": 10}


def test_development_opens_one_connection_per_request_unless_told():
    assert database(DEBUG="true", DATABASE_URL=PG)[0] == 0
    assert database(DEBUG="true", DATABASE_URL=PG, DB_CONN_MAX_AGE="60")[0] == 60
