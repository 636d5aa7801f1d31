#!/usr/bin/env bash
# Installs what the browser test of the board paper needs (tests/report/test_browser.py):
#   - Debian's chromium package (/usr/bin/chromium), to print the paper to PDF headless;
#   - axe-core from the npm registry, into .cache/npm (git-ignored), to check accessibility.
# Idempotent: when both are present it only checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION="${AXE_VERSION:-4.14.1}"
NPM_DIR=".cache/npm"
AXE_FILE="$NPM_DIR/node_modules/axe-core/axe.min.js"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "browser-deps: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null; then
    packages=()
    [ -x /usr/bin/chromium ] || packages+=(chromium)
    command -v npm >/dev/null || packages+=(npm)
    echo "browser-deps: installing ${packages[*]} with apt-get" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
        "${packages[@]}" >/dev/null
fi

if [ ! -f "$AXE_FILE" ] || ! grep -q "\"version\": \"$AXE_VERSION\"" \
    "$NPM_DIR/node_modules/axe-core/package.json" 2>/dev/null; then
    echo "browser-deps: installing axe-core@$AXE_VERSION into $NPM_DIR" >&2
    mkdir -p "$NPM_DIR"
    # Keep the whole cache folder out of git without touching the project's .gitignore.
    [ -f .cache/.gitignore ] || printf '*\n' > .cache/.gitignore
    [ -f "$NPM_DIR/package.json" ] || printf '{"private": true}\n' > "$NPM_DIR/package.json"
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --no-save --silent \
        "axe-core@$AXE_VERSION" >/dev/null
fi

/usr/bin/chromium --version >&2
echo "browser-deps: axe-core $AXE_VERSION at $AXE_FILE" >&2
