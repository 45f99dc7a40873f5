#!/usr/bin/env bash
# Installs the Debian packages the full test suite needs and a fresh machine lacks:
# a PostgreSQL server (tests run on it as well as SQLite) and Chromium (browser tests).
set -euo pipefail
need=("$@")  # extra packages a caller needs (the Makefile asks for python3-pip when pip is missing)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
