#!/usr/bin/env bash
# Starts the engine in the foreground from the build, configured by the environment exactly like
# the container (docs/engine.md lists the variables; the engine prints them with their defaults).
# Example: ACCEPT_EULA=Y MSSQL_SA_PASSWORD='Str0ng!Passw0rd' SQLMI_DATA_DIR=/tmp/mi1 engine/run.sh
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/sqlmi-engine-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ] || [ ! -d target/lib ]; then
    echo "engine/run.sh: no build found; building sqlmi-tds and sqlmi-engine first" >&2
    (cd .. && mvn -B -q -pl tds,engine -am -DskipTests package)
fi
# the container's JVM options (jvm-options.sh); SQLMI_JAVA_OPTS adds to them
source ./jvm-options.sh
exec java $SQLMI_JVM_OPTIONS ${SQLMI_JAVA_OPTS:-} -jar "$JAR"
