#!/usr/bin/env bash
# Installs the non-JVM clients the gateway tests use: FreeTDS's tsql (Debian freetds-bin: a C client without
# SNI that follows one redirect) and python-tds (through engine/install-test-clients.sh). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v tsql >/dev/null 2>&1; then
    echo "installing freetds-bin (tsql) for the gateway tests"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq freetds-bin >/dev/null
else
    echo "tsql present: $(tsql -C 2>/dev/null | grep -m1 Version | sed 's/^ *//')"
fi
engine/install-test-clients.sh
