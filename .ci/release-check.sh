#!/usr/bin/env bash
# The release job: build the sdist and the wheel of getting-to-good, build a second wheel from
# the sdist (the sdist is complete), install the wheel as an officer would - in a new virtual
# environment outside the repository, dependencies from the package index - and make the
# shipped plan's scrutiny paper in HTML, Word and PDF with the installed g2g. Prints a short log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python3}"
BUILD_PYTHON="${BUILD_PYTHON:-.venv/bin/python}"   # has hatchling (the test extras)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/g2g-release.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
log() { printf 'release: %s\n' "$*"; }

dist="$WORK/dist"
mkdir -p "$dist"
(cd "$ROOT" && "$BUILD_PYTHON" -c 'import sys, hatchling.build as b; print(b.build_sdist(sys.argv[1]))' "$dist" >/dev/null)
"$BUILD_PYTHON" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$dist" "$ROOT"
sdist="$(ls "$dist"/getting_to_good-*.tar.gz)"
wheel="$(ls "$dist"/getting_to_good-*.whl)"
log "built $(basename "$sdist") ($(du -k "$sdist" | cut -f1) kB) and $(basename "$wheel") ($(du -k "$wheel" | cut -f1) kB)"

mkdir "$WORK/from-sdist"
tar -xzf "$sdist" -C "$WORK/from-sdist"
"$BUILD_PYTHON" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$WORK/from-sdist" \
    "$WORK/from-sdist/$(basename "$sdist" .tar.gz)"
log "the sdist builds a wheel too: $(cd "$WORK/from-sdist" && ls getting_to_good-*.whl)"

venv="$WORK/officer/venv"
"$PYTHON" -m venv "$venv"
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" \
    2>"$WORK/pip.log"; then
    cat "$WORK/pip.log" >&2
    exit 1
fi
log "installed in a new virtual environment outside the repository: $venv"
log "$("$venv/bin/python" -m pip show getting-to-good | grep -E '^(Name|Version):' | tr '\n' ' ')"

cp -r "$ROOT/plans" "$WORK/officer/plans"
cd "$WORK/officer"
case "$("$venv/bin/python" -c 'import g2g; print(g2g.__file__)')" in
    "$venv"/*) ;;
    *) echo "release: g2g was not imported from the new environment" >&2; exit 1 ;;
esac
log "$("$venv/bin/g2g" --version); $("$venv/bin/g2g" validate plans | tail -n 1)"
for format in html docx pdf; do
    "$venv/bin/g2g" report plans/oldham-2019 --board scrutiny --format "$format" \
        --output "board-paper.$format" 2>/dev/null
    size="$(du -k "board-paper.$format" | cut -f1)"
    log "made board-paper.$format ($size kB) from plans/oldham-2019 --board scrutiny"
done
head -c 15 board-paper.html | grep -q '<!DOCTYPE html>'
head -c 2 board-paper.docx | grep -q 'PK'
head -c 5 board-paper.pdf | grep -q '%PDF-'
log "ok: the wheel installs and makes the paper in HTML, Word and PDF"
