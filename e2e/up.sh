#!/usr/bin/env bash
# `make up`: the local control plane, the chart's CRDs and RBAC, the packaged operator as a background process
# under its own identity, and the samples; waits until they are Ready and shows them.
source "$(dirname "${BASH_SOURCE[0]}")/cluster/common.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"
OPERATOR_NAMESPACE=sqlmi-system
OPERATOR_JAR="${REPO_ROOT}/operator/target/quarkus-app/quarkus-run.jar"

eval "$("${CLUSTER_DIR}/cluster-up.sh")"
cd "$REPO_ROOT"

if [[ ! -f "$OPERATOR_JAR" ]] || [[ -n "$(find operator/src operator/pom.xml pom.xml -newer "$OPERATOR_JAR" -print -quit)" ]]; then
  log "building the operator"
  mvn -B -q --no-transfer-progress -pl operator -am package -DskipTests
fi

log "installing the CRDs and the chart's RBAC (operator replicas 0: it runs here as a process)"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
helm upgrade --install sqlmi-operator helm/sqlmi-operator --namespace "$OPERATOR_NAMESPACE" --create-namespace \
  --set replicas=0 \
  --set-json 'rbac.additionalSubjects=[{"kind":"User","name":"sqlmi-operator","apiGroup":"rbac.authorization.k8s.io"}]' \
  --wait >/dev/null

pidfile="${RUN_DIR}/operator.pid"
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  log "operator already running (pid $(cat "$pidfile"))"
else
  log "starting the operator; log: ${LOG_DIR}/operator.log"
  KUBECONFIG="${CLUSTER_STATE}/operator.kubeconfig" SQLMI_OPERATOR_NAMESPACE="$OPERATOR_NAMESPACE" \
    SQLMI_OPERATOR_HTTP_PORT="${SQLMI_OPERATOR_HTTP_PORT:-18080}" \
    SQLMI_ENGINE_IMAGE="${SQLMI_ENGINE_IMAGE:-ghcr.io/sqlmi/sqlmi-engine:0.1.0}" \
    SQLMI_ENGINE_CPU_REQUEST=100m SQLMI_ENGINE_MEMORY_REQUEST=256Mi \
    setsid java -Xmx512m -jar "$OPERATOR_JAR" >>"${LOG_DIR}/operator.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:${SQLMI_OPERATOR_HTTP_PORT:-18080}/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$(cat "$pidfile")" 2>/dev/null || die "the operator exited; see ${LOG_DIR}/operator.log"
    sleep 0.5
  done
fi

log "applying samples/subnet-a.yaml"
kubectl apply -f samples/subnet-a.yaml >/dev/null
kubectl wait --for=jsonpath='{.status.state}'=Ready virtualcluster/vc1 -n sqlmi-subnet-a --timeout=120s >/dev/null
kubectl wait --for=jsonpath='{.status.state}'=Ready managedinstance --all -n sqlmi-subnet-a --timeout=180s >/dev/null
kubectl wait --for=jsonpath='{.status.state}'=Ready endpoint.sqlmi.io --all -n sqlmi-subnet-a --timeout=120s >/dev/null
echo
kubectl get mivc,mi,miep -A
echo
echo "export KUBECONFIG=${KUBECONFIG_PATH}"
echo "Operator health: http://127.0.0.1:${SQLMI_OPERATOR_HTTP_PORT:-18080}/q/health  metrics: /q/metrics  log: ${LOG_DIR}/operator.log"
