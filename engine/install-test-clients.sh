#!/usr/bin/env bash
# Installs the non-JVM clients the engine tests use into a virtual environment outside the repository
# (~/.cache/sqlmi/pyclients): python-tds (pure-Python TDS) with pyOpenSSL for TLS, and SQLAlchemy 2.0
# with its pytds dialect for the ORM suite. Idempotent: a second run only checks. The engine tests
# run this script themselves (io.sqlmi.engine.support.TestClients), so `make test` needs no step first.
set -euo pipefail

CACHE="${SQLMI_CLIENTS_DIR:-$HOME/.cache/sqlmi}"
VENV="$CACHE/pyclients"
PYTDS_VERSION="1.17.1"
PYOPENSSL_VERSION="26.4.0"
SQLALCHEMY_VERSION="2.0.58"
SQLALCHEMY_PYTDS_VERSION="1.0.3"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - <<PY 2>/dev/null
import importlib.metadata as m
assert m.version("python-tds") == "$PYTDS_VERSION"
assert m.version("sqlalchemy") == "$SQLALCHEMY_VERSION"
assert m.version("sqlalchemy-pytds") == "$SQLALCHEMY_PYTDS_VERSION"
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
    "python-tds==$PYTDS_VERSION" "pyOpenSSL==$PYOPENSSL_VERSION" \
    "SQLAlchemy==$SQLALCHEMY_VERSION" "sqlalchemy-pytds==$SQLALCHEMY_PYTDS_VERSION"
echo "test clients installed in $VENV"
