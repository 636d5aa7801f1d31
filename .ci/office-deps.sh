#!/usr/bin/env bash
# Installs what the LibreOffice test of the Excel bridge needs
# (tests/cycle/test_returns.py::test_a_return_resaved_by_libreoffice_still_imports, marker
# `libreoffice`): LibreOffice Calc without its desktop front end, Debian's
# libreoffice-calc-nogui (soffice, headless, able to open and save .xlsx; the Writer package
# alone cannot open a workbook). Idempotent: when Calc is present it only checks and returns.
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "office-deps: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

if ! dpkg-query -W -f='${Status}' libreoffice-calc-nogui 2>/dev/null | grep -q "ok installed" \
    && ! dpkg-query -W -f='${Status}' libreoffice-calc 2>/dev/null | grep -q "ok installed"; then
    echo "office-deps: installing libreoffice-calc-nogui with apt-get" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
        libreoffice-calc-nogui >/dev/null
fi

echo "office-deps: $(soffice --version 2>/dev/null | head -n 1)" >&2
