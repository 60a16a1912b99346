#!/usr/bin/env bash
# Benchmarks the engine against embedded H2 with the same statements, in one run:
# logins/s, SELECT 1 p50/p99, point selects and single-row inserts with 1 and 16 connections.
# Usage: engine/bench.sh [seconds-per-measurement]   (SQLMI_SKIP_BUILD=1 reuses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_MEASUREMENT="${1:-5}"
if [ "${SQLMI_SKIP_BUILD:-0}" != "1" ] || [ ! -f engine/target/test-classpath.txt ]; then
    mvn -B -q -pl tds,engine -am -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
CLASSPATH="engine/target/classes:engine/target/test-classes:$(cat engine/target/test-classpath.txt)"
exec java -Xms512m -Xmx2g -Dbench.seconds="$SECONDS_PER_MEASUREMENT" -cp "$CLASSPATH" \
    io.sqlmi.engine.bench.EngineBenchmark
