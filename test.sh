#!/usr/bin/env bash
# Runs every test. Installs what the tests need that Maven cannot (Debian's Chromium, its driver, and the
# PostgreSQL server) when they are missing and we are root; otherwise says exactly what to install.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing ${missing[*]} with apt-get ..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
    else
        echo "The tests need Debian packages that are not installed. Run:" >&2
        echo "    sudo apt-get install -y ${missing[*]}" >&2
        echo "then run ./test.sh again." >&2
        exit 1
    fi
fi

exec ./mvnw -B verify "$@"
