#!/usr/bin/env bash
# `make up`: the local cluster with its real node, the project's images, the operator installed from the Helm
# chart as a pod, and the samples; waits until they are Ready, shows them, and runs a query against a sample
# instance from a pod, through the cluster's DNS and network.
source "$(dirname "${BASH_SOURCE[0]}")/cluster/common.sh"
REPO_ROOT="$(cd "${CLUSTER_DIR}/../.." && pwd)"
OPERATOR_NAMESPACE=sqlmi-system
SAMPLE_NAMESPACE=sqlmi-subnet-a
start_time=$(date +%s)

# A rebuilt image keeps its tag, so pods started from the previous build would go on running it: delete
# those (their controllers start them again from the new one).
refresh_stale_pods() { # namespace
  local pod image running current
  while read -r pod image running; do
    [[ "$image" == "${IMAGE_PREFIX}/"* ]] || continue
    current="$(crictl --runtime-endpoint "unix://${CONTAINERD_SOCK}" inspecti -o go-template --template '{{.status.id}}' "$image" 2>/dev/null)"
    if [[ -n "$current" && "${running#*sha256:}" != "${current#sha256:}" ]]; then
      log "restarting ${1}/${pod}: ${image} was rebuilt"
      kubectl delete pod -n "$1" "$pod" --wait=false >/dev/null
    fi
  done < <(kubectl get pods -n "$1" -o jsonpath='{range .items[*]}{.metadata.name} {.spec.containers[0].image} {.status.containerStatuses[0].imageID}{"\n"}{end}' 2>/dev/null)
}

real_node_enabled || die "make up needs the real node (SQLMI_REAL_NODE=false runs no containers)"
eval "$("${CLUSTER_DIR}/cluster-up.sh")"
cd "$REPO_ROOT"

# One Maven run packages whatever module is older than its sources.
stale=()
for module in tds engine operator gateway; do
  [[ -f "$module/pom.xml" ]] || continue
  target="$module/target"
  if [[ ! -d "$target" ]] || [[ -n "$(find "$module/src" "$module/pom.xml" -newer "$target" -print -quit 2>/dev/null)" ]]; then
    stale+=("$module")
  fi
done
if (( ${#stale[@]} )); then
  log "packaging ${stale[*]}"
  mvn -B -q --no-transfer-progress -pl "$(IFS=,; echo "${stale[*]}")" -am package -DskipTests
  for module in "${stale[@]}"; do touch "$module/target"; done
fi
log "building and importing the images"
e2e/images/load-images.sh

log "installing the CRDs and the operator (helm upgrade --install, release sqlmi-operator in ${OPERATOR_NAMESPACE})"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
helm upgrade --install sqlmi-operator helm/sqlmi-operator --namespace "$OPERATOR_NAMESPACE" --create-namespace \
  -f e2e/local-values.yaml --wait --timeout 180s >/dev/null \
  || die "the operator did not become ready; see: kubectl -n ${OPERATOR_NAMESPACE} logs deploy/sqlmi-operator"
# `make test` scales it to 0 while the suite runs its own operator.
kubectl -n "$OPERATOR_NAMESPACE" scale deployment/sqlmi-operator --replicas=1 >/dev/null
refresh_stale_pods "$OPERATOR_NAMESPACE"
kubectl -n "$OPERATOR_NAMESPACE" rollout status deployment/sqlmi-operator --timeout=180s >/dev/null

log "applying samples/subnet-a.yaml"
kubectl apply -f samples/subnet-a.yaml >/dev/null
# `make test` holds the samples while its suite runs; an interrupted run may have left them held.
kubectl annotate -n "$SAMPLE_NAMESPACE" virtualclusters.sqlmi.io,managedinstances.sqlmi.io,endpoints.sqlmi.io --all \
  sqlmi.io/reconcile-policy- >/dev/null 2>&1 || true
refresh_stale_pods "$SAMPLE_NAMESPACE"
wait_ready() { # what, kubectl wait arguments...
  local what="$1"; shift
  kubectl wait --for=jsonpath='{.status.state}'=Ready "$@" -n "$SAMPLE_NAMESPACE" --timeout=300s >/dev/null \
    || { kubectl get mivc,mi,miep -n "$SAMPLE_NAMESPACE"; die "${what} did not become Ready (kubectl describe $* -n ${SAMPLE_NAMESPACE})"; }
}
wait_ready "the virtual cluster" virtualcluster/vc1
wait_ready "the instances" managedinstance --all
wait_ready "the endpoints" endpoint.sqlmi.io --all
echo
kubectl get mivc,mi,miep -A
echo
kubectl get pods -n "$SAMPLE_NAMESPACE" -o wide
echo

# Queries from an application pod of the sample's virtual network (namespace vnet-a-apps), with FreeTDS's tsql
# and the connection Secret's login, by the instance's Azure host names: the VNet-local one (mi-gp uses Redirect:
# tsql follows the gateway's redirect to the engine) and the public endpoint's on 3342. The product's DNS answers
# them; the NetworkPolicy firewall learns of a new pod a moment after it starts, so the first tries may fail.
APPS_NAMESPACE=vnet-a-apps
secret() { kubectl get secret mi-gp-connection -n "$SAMPLE_NAMESPACE" -o jsonpath="{.data.$1}" | base64 -d; }
host="$(kubectl get managedinstance mi-gp -n "$SAMPLE_NAMESPACE" -o jsonpath='{.status.fullyQualifiedDomainName}')"
public_host="$(kubectl get endpoint.sqlmi.io mi-gp-public -n "$SAMPLE_NAMESPACE" -o jsonpath='{.status.host}')"
version="$(awk -F'"' '/^appVersion:/{print $2}' helm/sqlmi-operator/Chart.yaml)"
kubectl delete pod sqlmi-client -n "$APPS_NAMESPACE" --ignore-not-found --wait >/dev/null
kubectl run sqlmi-client -n "$APPS_NAMESPACE" --restart=Never --image="${IMAGE_PREFIX}/toolbox:${version}" \
  --image-pull-policy=Never --env="SQLMI_USER=$(secret username)" --env="SQLMI_PASSWORD=$(secret password)" >/dev/null
kubectl wait --for=condition=Ready pod/sqlmi-client -n "$APPS_NAMESPACE" --timeout=60s >/dev/null
query() { # host port what
  log "querying mi-gp from a pod of vnet-a, ${3}: tsql -H ${1} -p ${2} -U $(secret username)"
  kubectl exec -n "$APPS_NAMESPACE" sqlmi-client -- sh -c "
    for try in \$(seq 1 30); do
      printf 'SELECT @@SERVERNAME AS server_name, DB_NAME() AS database_name, SYSDATETIME() AS now\ngo\n' \\
        | tsql -H ${1} -p ${2} -U \"\$SQLMI_USER\" -P \"\$SQLMI_PASSWORD\" -o q 2>/tmp/err && exit 0
      sleep 1
    done
    cat /tmp/err; exit 1" || die "the query against mi-gp (${3}) failed"
}
query "$host" 1433 "VNet-local endpoint, redirected to the engine"
query "$public_host" 3342 "public endpoint"
kubectl delete pod sqlmi-client -n "$APPS_NAMESPACE" --wait=false >/dev/null
echo
log "up in $(( $(date +%s) - start_time ))s"
echo "export KUBECONFIG=${KUBECONFIG_PATH}"
echo "Operator: kubectl -n ${OPERATOR_NAMESPACE} logs deploy/sqlmi-operator   Cluster logs: ${LOG_DIR}"
