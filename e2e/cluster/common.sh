# Shared settings for the local control plane scripts; sourced, never run.
# shellcheck shell=bash
set -euo pipefail

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "${CLUSTER_DIR}/versions.env"

# Everything built or written at run time lives outside the repository.
SQLMI_CACHE_DIR="${SQLMI_CACHE_DIR:-${HOME}/.cache/sqlmi}"
BIN_ROOT="${SQLMI_CACHE_DIR}/bin"
K8S_BIN="${BIN_ROOT}/kubernetes-${KUBERNETES_VERSION}"
ETCD_BIN="${BIN_ROOT}/etcd-${ETCD_VERSION}"
KWOK_BIN="${BIN_ROOT}/kwok-${KWOK_VERSION}"
HELM_BIN="${BIN_ROOT}/helm-${HELM_VERSION}"
PROVISIONER_BIN="${BIN_ROOT}/fake-provisioner"
COREDNS_BIN="${BIN_ROOT}/coredns-${COREDNS_VERSION}"
CRICTL_BIN="${BIN_ROOT}/crictl-${CRICTL_VERSION}"
KUBE_ROUTER_BIN="${BIN_ROOT}/kube-router-${KUBE_ROUTER_VERSION}"
PAUSE_BIN="${BIN_ROOT}/pause-${PAUSE_VERSION}"
# fabric8 kube-api-test looks for <dir>/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}
KUBE_API_TEST_DIR="${SQLMI_CACHE_DIR}/kubeapitest"
KUBE_API_TEST_BIN="${KUBE_API_TEST_DIR}/k8s/${KUBERNETES_VERSION#v}-linux-amd64"

CLUSTER_STATE="${SQLMI_CACHE_DIR}/cluster"
PKI_DIR="${CLUSTER_STATE}/pki"
LOG_DIR="${CLUSTER_STATE}/logs"
RUN_DIR="${CLUSTER_STATE}/run"
KUBECONFIG_PATH="${SQLMI_CACHE_DIR}/kubeconfig"

# Loopback ports, overridable when something else already holds them.
ETCD_CLIENT_PORT="${SQLMI_ETCD_CLIENT_PORT:-32379}"
ETCD_PEER_PORT="${SQLMI_ETCD_PEER_PORT:-32380}"
APISERVER_PORT="${SQLMI_APISERVER_PORT:-36443}"
CONTROLLER_MANAGER_PORT="${SQLMI_CONTROLLER_MANAGER_PORT:-30257}"
SCHEDULER_PORT="${SQLMI_SCHEDULER_PORT:-30259}"
KWOK_PORT="${SQLMI_KWOK_PORT:-30247}"
SERVICE_CIDR="10.96.0.0/16"
POD_CIDR="10.244.0.0/16"

# The real node (SQLMI_REAL_NODE=false leaves it out: a control plane with kwok nodes only).
REAL_NODE="${SQLMI_REAL_NODE:-true}"
NODE_NAME="sqlmi-real-node"
NODE_ZONE="zone-1"
# Its pods live on the bridge sqlmi0, whose address is the node's address: pods reach the API server and
# the kubelet there, and nothing of the cluster needs the machine's uplink.
NODE_BRIDGE="sqlmi0"
NODE_IP="10.244.0.1"
NODE_POD_CIDR="10.244.0.0/24"
# kwok gives its pods fake addresses from the upper half of the pod range.
KWOK_POD_CIDR="10.244.128.0/17"
KWOK_NODE_IP="10.244.128.1"
CLUSTER_DNS_IP="10.96.0.10"
# The product's DNS server (the chart's <release>-dns Service, dns.clusterIP in e2e/local-values.yaml): the
# cluster DNS forwards the instances' host names there.
PRODUCT_DNS_IP="10.96.0.53"
# Emulated address space: the virtual networks' subnets (VirtualCluster spec.subnet.addressPrefix) and the
# pool that public endpoints take their addresses from. Like the pod and service ranges, they are routed to
# the node's bridge so that no packet addressed to them can leave the machine.
VNET_CIDR="10.0.0.0/9"
PUBLIC_POOL_CIDR="198.18.0.0/24"
LOCAL_RANGES=("$POD_CIDR" "$SERVICE_CIDR" "$VNET_CIDR" "$PUBLIC_POOL_CIDR")
NODE_STATE="${CLUSTER_STATE}/node"
# Images survive cluster-down (the content store is a cache); containers, sandboxes and mounts do not.
CONTAINERD_ROOT="${SQLMI_CACHE_DIR}/containerd"
CONTAINERD_SOCK="${NODE_STATE}/containerd/containerd.sock"
IMAGE_CACHE="${SQLMI_CACHE_DIR}/images"
# Every image the project builds is named under this prefix, tagged with the project's version.
IMAGE_PREFIX="localhost/sqlmi"
KUBELET_PORT=10250
# With the real node the API server listens on the node's address, where pods reach it too (the
# `kubernetes` Service points there); without it, on loopback only.
if [[ "$REAL_NODE" == "true" ]]; then APISERVER_HOST="$NODE_IP"; else APISERVER_HOST="127.0.0.1"; fi

export PATH="${K8S_BIN}:${ETCD_BIN}:${KWOK_BIN}:${HELM_BIN}:${PROVISIONER_BIN}:${COREDNS_BIN}:${CRICTL_BIN}:${KUBE_ROUTER_BIN}:${PATH}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

real_node_enabled() { [[ "$REAL_NODE" == "true" ]]; }

# The one way to stop processes started with their pid in RUN_DIR/<name>.pid: each whole process group
# gets SIGTERM at once, then SIGKILL for what still runs after the grace period (seconds).
stop_processes() { # grace seconds, names...
  local grace="$1" name pid pids=() i
  shift
  for name in "$@"; do
    pid="$(cat "$RUN_DIR/$name.pid" 2>/dev/null)" || continue
    rm -f "$RUN_DIR/$name.pid"
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  for (( i = 0; i < grace * 10; i++ )); do
    alive=false
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
    $alive || return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
}

# Starts a command in its own session and process group, logging to LOG_DIR/<name>.log.
start_process() { # name, command...
  local name="$1"; shift
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$name.pid"
}

process_running() { local pid; pid="$(cat "$RUN_DIR/$1.pid" 2>/dev/null)" && kill -0 "$pid" 2>/dev/null; }

# Waits until a command succeeds; on timeout fails naming the log to read.
wait_for() { # description, seconds, log file, command...
  local what="$1" timeout="$2" logfile="$3"; shift 3
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      die "timed out after ${timeout}s waiting for ${what}; see ${logfile}"
    fi
    sleep 0.3
  done
}
