#!/usr/bin/env bash
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
KIND_VERSION="${KIND_VERSION:-v0.33.0}"
command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || die "kind needs a running Docker engine; nothing to stop"
"${BIN_ROOT}/kind-${KIND_VERSION}/kind" delete cluster --name sqlmi
rm -f "${SQLMI_CACHE_DIR}/kind.kubeconfig"
