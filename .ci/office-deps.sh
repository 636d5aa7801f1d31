#!/usr/bin/env bash
# Installs what the LibreOffice tests need (marker `libreoffice`): Calc, to re-save a lead
# officer's return (tests/cycle/test_returns.py), and Writer, to open the Word paper and print
# it to PDF (tests/report/test_docx_libreoffice.py). Debian's -nogui packages: soffice,
# headless, without the desktop front end. Idempotent: when both are present it only checks.
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "office-deps: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

installed() {  # the -nogui package or the full one
    dpkg-query -W -f='${Status}' "$1-nogui" 2>/dev/null | grep -q "ok installed" \
        || dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}
packages=()
installed libreoffice-calc || packages+=(libreoffice-calc-nogui)
installed libreoffice-writer || packages+=(libreoffice-writer-nogui)
if [ ${#packages[@]} -gt 0 ]; then
    echo "office-deps: installing ${packages[*]} with apt-get" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
        "${packages[@]}" >/dev/null
fi

echo "office-deps: $(soffice --version 2>/dev/null | head -n 1)" >&2
