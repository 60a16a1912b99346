#!/usr/bin/env bash
# Benchmarks the engine against embedded H2 with the same statements, in one run: logins/s (a TLS
# session, TLS for the login only, no TLS), SELECT 1 p50/p99, point selects and single-row inserts
# with 1 and 16 connections, and a child JVM's start to ready and idle resident memory with the
# container's JVM options (a class-data sharing archive made first by a training run).
# Usage: engine/bench.sh [seconds-per-measurement]   (SQLMI_SKIP_BUILD=1 reuses the last build)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_MEASUREMENT="${1:-5}"
if [ "${SQLMI_SKIP_BUILD:-0}" != "1" ] || [ ! -f engine/target/test-classpath.txt ]; then
    mvn -B -q -pl tds,engine -am -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
CLASSPATH="engine/target/classes:engine/target/test-classes:$(cat engine/target/test-classpath.txt)"
# shellcheck source=engine/jvm-options.sh
source engine/jvm-options.sh
ARCHIVE="engine/target/sqlmi-engine-bench.jsa"
TRAINING_DIR="$(mktemp -d)"
rm -f "$ARCHIVE"
ACCEPT_EULA=Y MSSQL_SA_PASSWORD='Bench-Pass-1' MSSQL_TCP_PORT=0 SQLMI_HEALTH_PORT=0 SQLMI_DATA_DIR="$TRAINING_DIR" \
    java $SQLMI_JVM_OPTIONS -XX:ArchiveClassesAtExit="$ARCHIVE" -jar engine/target/sqlmi-engine-0.1.0-SNAPSHOT.jar --training-run \
    >/dev/null 2>&1 || echo "bench: no class-data sharing archive (training run failed)"
rm -rf "$TRAINING_DIR"
CHILD_OPTIONS="$SQLMI_JVM_OPTIONS"
[ -f "$ARCHIVE" ] && CHILD_OPTIONS="$CHILD_OPTIONS -XX:SharedArchiveFile=$ARCHIVE"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec java -Xms512m -Xmx2g -Dbench.seconds="$SECONDS_PER_MEASUREMENT" -Dbench.jvmOptions="$SQLMI_JVM_OPTIONS" \
    -Dbench.engineOptions="$CHILD_OPTIONS" -Dbench.engineJar=engine/target/sqlmi-engine-0.1.0-SNAPSHOT.jar \
    -cp "$CLASSPATH" io.sqlmi.engine.bench.EngineBenchmark
