#!/usr/bin/env bash
# Runs a command against PostgreSQL. Uses $TEST_POSTGRES_URL when set (an existing server);
# otherwise starts a throw-away server on loopback, runs the command, and stops the server.
set -euo pipefail
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  DATABASE_URL="$TEST_POSTGRES_URL" exec "$@"
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${TEST_POSTGRES_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
datadir=$(mktemp -d /tmp/edudx-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL refuses to run as root
  chown postgres: "$datadir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$datadir" -U edudx --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
DATABASE_URL="postgres://edudx@127.0.0.1:$port/postgres" "$@"
