#!/usr/bin/env bash
# Creates the kind cluster (needs a running Docker engine) and writes its kubeconfig where the
# local control plane's would be, so the same e2e suite runs on either.
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
KIND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KIND_VERSION="${KIND_VERSION:-v0.33.0}"

command -v docker >/dev/null 2>&1 || die "kind needs Docker, and docker is not installed; use 'make cluster-up' (the local control plane) instead"
docker info >/dev/null 2>&1 || die "kind needs a running Docker engine, and 'docker info' cannot reach one; use 'make cluster-up' (the local control plane) instead"

KIND_BIN="${BIN_ROOT}/kind-${KIND_VERSION}"
if [[ ! -x "$KIND_BIN/kind" ]]; then
  log "building kind ${KIND_VERSION}"
  GOBIN="$KIND_BIN" go install "sigs.k8s.io/kind@${KIND_VERSION}"
fi
if ! "$KIND_BIN/kind" get clusters 2>/dev/null | grep -qx sqlmi; then
  "$KIND_BIN/kind" create cluster --config "$KIND_DIR/kind-config.yaml" --wait 120s
fi
mkdir -p "$SQLMI_CACHE_DIR"
"$KIND_BIN/kind" get kubeconfig --name sqlmi > "${SQLMI_CACHE_DIR}/kind.kubeconfig"
# The same images the local cluster runs, built without a registry and loaded into every kind node.
KUBECONFIG="${SQLMI_CACHE_DIR}/kind.kubeconfig" "${CLUSTER_DIR}/../images/load-images.sh"
echo "export KUBECONFIG=${SQLMI_CACHE_DIR}/kind.kubeconfig"
