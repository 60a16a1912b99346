#!/usr/bin/env bash
# Installs the non-JVM TDS client the engine tests use (python-tds, with pyOpenSSL for TLS) into a
# virtual environment outside the repository. Idempotent: a second run only checks.
set -euo pipefail

CACHE="${SQLMI_CLIENTS_DIR:-$HOME/.cache/sqlmi}"
VENV="$CACHE/pyclients"
PYTDS_VERSION="1.17.1"
PYOPENSSL_VERSION="26.4.0"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - <<PY 2>/dev/null
import importlib.metadata as m
assert m.version("python-tds") == "$PYTDS_VERSION"
import OpenSSL  # noqa: F401
PY
then
    echo "test clients present in $VENV"
    exit 0
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -m venv --help >/dev/null 2>&1; then
    echo "installing python3-venv (needed for the test clients)"
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi
mkdir -p "$CACHE"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "python-tds==$PYTDS_VERSION" "pyOpenSSL==$PYOPENSSL_VERSION"
echo "test clients installed in $VENV"
