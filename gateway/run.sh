#!/usr/bin/env bash
# Starts the gateway in the foreground from the build, configured by the environment exactly like the container
# (docs/gateway.md lists the variables; the gateway prints them with their defaults). Example:
#   SQLMI_ROUTES_FILE=/tmp/routes.json SQLMI_TLS_DIR=/tmp/tls SQLMI_GATEWAY_PORT=14330 SQLMI_PUBLIC_PORT=33420 \
#   SQLMI_HEALTH_PORT=18080 gateway/run.sh
# The JVM options are gateway/jvm.options (sized for 128 MiB with a thousand idle sessions; the image uses the same
# file); SQLMI_JAVA_OPTS replaces them.
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/sqlmi-gateway-0.1.0-SNAPSHOT.jar
if [ ! -f "$JAR" ] || [ ! -d target/lib ]; then
    echo "gateway/run.sh: no build found; building sqlmi-tds and sqlmi-gateway first" >&2
    (cd .. && mvn -B -q -pl tds,gateway -am -DskipTests package)
fi
# glibc keeps one malloc arena per thread that ever allocated; two are plenty for a relay
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java ${SQLMI_JAVA_OPTS:-@jvm.options} -jar "$JAR"
