#!/usr/bin/env bash
# Installs the Debian packages the full test suite needs and a fresh machine lacks:
# a PostgreSQL server (tests run on it as well as SQLite), Chromium (browser tests), LibreOffice
# headless (the tests open every generated .docx and .xlsx in it, as an office would), Poppler's
# pdftoppm (to look at PDFs), and Pango with a Times-metric font (PDF documents). With
# RUNTIME_ONLY=1 (make run) only the last.
set -euo pipefail
need=("$@")  # extra packages a caller needs (the Makefile asks for python3-pip when pip is missing)
if [ -z "${RUNTIME_ONLY:-}" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  [ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
  # Offices open the documents in Word and LibreOffice: the suite converts each generated file
  # with `soffice --headless --convert-to pdf` and fails when one does not open.
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  # The certificate's QR code is read back by a real decoder in the tests.
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
fi
# WeasyPrint (PDF documents) needs Pango; official documents are set in a Times-metric font
# covering Vietnamese: Liberation 2 (fonts-liberation, version 1, lacks ế, ư, ộ… and Pango then
# draws them from another family). Fontconfig prefers the newer version when both are installed.
ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
