#!/usr/bin/env bash
# make bench-gateway: direct to the engine, through HAProxy (TCP mode), through the gateway proxied and
# redirected, side by side in one run (io.sqlmi.gateway.bench.GatewayBenchmark explains the measurements).
# Usage: gateway/bench.sh [rounds]   Environment: SQLMI_SKIP_BUILD=1 reuses the last build;
# BENCH_ENCRYPT=true measures fully encrypted sessions (default false: TLS for the login packet only);
# BENCH_SECONDS per login and latency step (default 2); BENCH_IDLE_SESSIONS (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${1:-5}"
if ! command -v haproxy >/dev/null 2>&1; then
    echo "installing haproxy (Debian package) for the comparison"
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq haproxy >/dev/null
fi
if [ "${SQLMI_SKIP_BUILD:-0}" != "1" ] || [ ! -f gateway/target/test-classpath.txt ]; then
    mvn -B -q -pl tds,engine,gateway -am -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
WORK="$(mktemp -d -t sqlmi-gateway-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
# The benchmark client resolves the instance names through this file only (never the machine's resolver).
cat > "$WORK/hosts" <<HOSTS
127.0.0.1 localhost
127.0.0.1 bench-proxy.be0c4be0c4be.database.windows.net bench-redirect.be0c4be0c4be.database.windows.net
127.0.0.1 bench-0.node.be0c4be0c4be.database.windows.net
HOSTS
echo "haproxy: $(haproxy -v 2>&1 | head -1)"
echo "java: $(java -version 2>&1 | head -1), $(nproc) cores"
CLASSPATH="gateway/target/test-classes:$(cat gateway/target/test-classpath.txt)"
exec java -Xms256m -Xmx2g -Djdk.net.hosts.file="$WORK/hosts" \
    -Dbench.rounds="$ROUNDS" -Dbench.encrypt="${BENCH_ENCRYPT:-false}" -Dbench.seconds="${BENCH_SECONDS:-2}" \
    -Dbench.idleSessions="${BENCH_IDLE_SESSIONS:-1000}" \
    -Dbench.engineCommand="$PWD/engine/run.sh" -Dbench.gatewayCommand="$PWD/gateway/run.sh" \
    -cp "$CLASSPATH" io.sqlmi.gateway.bench.GatewayBenchmark
