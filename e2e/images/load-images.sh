#!/usr/bin/env bash
# Builds the project's images (build-images.sh) and loads them where the cluster's nodes find them: the real
# node's containerd on the local cluster, or every node of the kind cluster. Without either (a local cluster
# started with SQLMI_REAL_NODE=false) there is nothing that could run them, and it says so.
#   load-images.sh [IMAGE...]
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KIND_VERSION="${KIND_VERSION:-v0.33.0}"

if [[ -S "$CONTAINERD_SOCK" ]]; then
  "${IMAGES_DIR}/build-images.sh" --import "$@" >/dev/null
elif [[ "${KUBECONFIG:-}" == "${SQLMI_CACHE_DIR}/kind.kubeconfig" ]]; then
  archives="${IMAGE_CACHE}/archives"
  rm -rf "$archives"
  "${IMAGES_DIR}/build-images.sh" --archive-dir "$archives" "$@" >/dev/null
  for archive in "$archives"/*.tar; do
    "${BIN_ROOT}/kind-${KIND_VERSION}/kind" load image-archive "$archive" --name sqlmi >/dev/null
  done
  log "loaded $(ls "$archives" | wc -l) images into the kind cluster"
else
  log "no real node and no kind cluster: images are not loaded (kwok nodes run no containers)"
fi
