#!/usr/bin/env bash
# Starts a real Kubernetes cluster as local processes: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok (fake nodes for scale) and a fake volume provisioner, plus the real node (containerd,
# kubelet, kube-proxy, kube-router's firewall, CoreDNS; see node.sh) unless SQLMI_REAL_NODE=false.
# A no-op when it is already running. Prints the export line for KUBECONFIG.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "${CLUSTER_DIR}/pki.sh"
source "${CLUSTER_DIR}/node.sh"

NODE_COUNT="${SQLMI_FAKE_NODES:-3}"
ZONES=(zone-1 zone-2 zone-3)
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok fake-provisioner)
if real_node_enabled; then COMPONENTS+=("${NODE_COMPONENTS[@]}"); fi

all_running() { for c in "${COMPONENTS[@]}"; do process_running "$c" || return 1; done; }

api_healthy() {
  curl -sf --max-time 2 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
    "https://${APISERVER_HOST}:${APISERVER_PORT}/readyz" >/dev/null 2>&1
}

print_export() {
  echo "export KUBECONFIG=${KUBECONFIG_PATH}"
}

if [[ "${1:-}" == "--check" ]]; then
  all_running && api_healthy
  exit $?
fi
if all_running && api_healthy; then
  log "local control plane already running"
  print_export
  exit 0
fi
if compgen -G "$RUN_DIR/*.pid" >/dev/null; then
  log "a partial control plane is running; stopping it first"
  "${CLUSTER_DIR}/cluster-down.sh"
fi

if real_node_enabled; then "${CLUSTER_DIR}/node-packages.sh"; fi
"${CLUSTER_DIR}/build-binaries.sh"

for port in "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$CONTROLLER_MANAGER_PORT" "$SCHEDULER_PORT" "$KWOK_PORT"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    die "port $port on 127.0.0.1 is taken; free it or set the SQLMI_*_PORT variables (see e2e/cluster/common.sh)"
  fi
done

start_time=$(date +%s)
rm -rf "$CLUSTER_STATE/etcd" "$LOG_DIR"
mkdir -p "$LOG_DIR" "$RUN_DIR" "$CLUSTER_STATE/etcd"
create_pki
write_kubeconfig "$KUBECONFIG_PATH" admin
for c in controller-manager scheduler kwok provisioner operator; do
  write_kubeconfig "$CLUSTER_STATE/$c.kubeconfig" "$c"
done
if real_node_enabled; then node_network_up; fi

# Without the real node nothing reaches the API server but local processes: no `kubernetes` endpoints.
if real_node_enabled; then
  apiserver_node_flags=(--endpoint-reconciler-type=lease --authorization-mode=Node,RBAC
    --kubelet-certificate-authority="$PKI_DIR/ca.crt" --kubelet-preferred-address-types=InternalIP
    --kubelet-client-certificate="$PKI_DIR/apiserver-kubelet-client.crt"
    --kubelet-client-key="$PKI_DIR/apiserver-kubelet-client.key")
  admission_extra=",NodeRestriction"
else
  apiserver_node_flags=(--endpoint-reconciler-type=none --authorization-mode=RBAC)
  admission_extra=""
fi

start_process etcd etcd --name=sqlmi-local --data-dir="$CLUSTER_STATE/etcd" \
  --listen-client-urls="http://127.0.0.1:${ETCD_CLIENT_PORT}" \
  --advertise-client-urls="http://127.0.0.1:${ETCD_CLIENT_PORT}" \
  --listen-peer-urls="http://127.0.0.1:${ETCD_PEER_PORT}" \
  --initial-advertise-peer-urls="http://127.0.0.1:${ETCD_PEER_PORT}" \
  --initial-cluster="sqlmi-local=http://127.0.0.1:${ETCD_PEER_PORT}" \
  --unsafe-no-fsync --quota-backend-bytes=$((2 * 1024 * 1024 * 1024)) --log-level=warn
wait_for "etcd" 30 "$LOG_DIR/etcd.log" curl -sf --max-time 1 "http://127.0.0.1:${ETCD_CLIENT_PORT}/health"

start_process kube-apiserver kube-apiserver \
  --etcd-servers="http://127.0.0.1:${ETCD_CLIENT_PORT}" \
  --bind-address="${APISERVER_HOST}" --secure-port="${APISERVER_PORT}" --advertise-address="${APISERVER_HOST}" \
  "${apiserver_node_flags[@]}" \
  --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
  --client-ca-file="$PKI_DIR/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key" \
  --service-cluster-ip-range="${SERVICE_CIDR}" --allow-privileged=true \
  --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,ResourceQuota,StorageObjectInUseProtection,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy${admission_extra} \
  --audit-policy-file="${CLUSTER_DIR}/audit-policy.yaml" --audit-log-path="$LOG_DIR/audit.log" \
  --audit-log-maxsize=200 --audit-log-maxbackup=1 \
  --profiling=false --v=1
wait_for "kube-apiserver /readyz" 90 "$LOG_DIR/kube-apiserver.log" api_healthy

start_process kube-controller-manager kube-controller-manager \
  --kubeconfig="$CLUSTER_STATE/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$CLUSTER_STATE/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$CLUSTER_STATE/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="${CONTROLLER_MANAGER_PORT}" --leader-elect=false \
  --root-ca-file="$PKI_DIR/ca.crt" --service-account-private-key-file="$PKI_DIR/sa.key" \
  --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key" \
  --service-cluster-ip-range="${SERVICE_CIDR}" --controllers='*,-nodeipam,-cloud-node-lifecycle' \
  --concurrent-deployment-syncs=10 --concurrent-statefulset-syncs=10 --concurrent-gc-syncs=40 \
  --kube-api-qps=200 --kube-api-burst=400 --profiling=false --v=1

start_process kube-scheduler kube-scheduler \
  --kubeconfig="$CLUSTER_STATE/scheduler.kubeconfig" \
  --authentication-kubeconfig="$CLUSTER_STATE/scheduler.kubeconfig" \
  --authorization-kubeconfig="$CLUSTER_STATE/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="${SCHEDULER_PORT}" --leader-elect=false \
  --kube-api-qps=200 --kube-api-burst=400 --profiling=false --v=1

start_process kwok kwok --kubeconfig="$CLUSTER_STATE/kwok.kubeconfig" --config="$KWOK_BIN/stages.yaml" --config="$CLUSTER_DIR/kwok.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --cidr="${KWOK_POD_CIDR}" --node-ip="${KWOK_NODE_IP}" --node-lease-duration-seconds=40 \
  --server-address="127.0.0.1:${KWOK_PORT}"

start_process fake-provisioner fake-provisioner --kubeconfig="$CLUSTER_STATE/provisioner.kubeconfig" \
  --root="$CLUSTER_STATE/volumes"

export KUBECONFIG="$KUBECONFIG_PATH"
kubectl apply -f "${CLUSTER_DIR}/cluster.yaml" >/dev/null

for i in $(seq 1 "$NODE_COUNT"); do
  zone="${ZONES[$(( (i - 1) % ${#ZONES[@]} ))]}"
  kubectl apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: sqlmi-node-${i}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: sqlmi-node-${i}
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: ${zone}
spec:
  # kwok runs no container: only what asks for a fake node (a toleration) goes there.
  taints: [{key: kwok.x-k8s.io/node, value: fake, effect: NoSchedule}]
status:
  allocatable: {cpu: "64", memory: 512Gi, pods: "250", ephemeral-storage: 1Ti}
  capacity: {cpu: "64", memory: 512Gi, pods: "250", ephemeral-storage: 1Ti}
NODE
done
wait_for "${NODE_COUNT} Ready kwok nodes" 90 "$LOG_DIR/kwok.log" bash -c \
  "[[ \$(kubectl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}' 2>/dev/null | grep -c True) -ge ${NODE_COUNT} ]]"
wait_for "the default ServiceAccount" 60 "$LOG_DIR/kube-controller-manager.log" kubectl get serviceaccount default -n default -o name
if real_node_enabled; then
  node_up
  cluster_dns_up
  nodes="${NODE_COUNT} kwok nodes and the real node ${NODE_NAME}"
else
  nodes="${NODE_COUNT} kwok nodes"
fi

log "local cluster up in $(( $(date +%s) - start_time ))s: Kubernetes ${KUBERNETES_VERSION}, ${nodes}, logs in ${LOG_DIR}"
print_export
