#!/usr/bin/env bash
# `make load-image ARCHIVE=<file>`: imports an OCI or Docker image archive into the real node's containerd,
# as `kind load image-archive` does for kind. Pods use it with imagePullPolicy IfNotPresent or Never.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
archive="${1:-}"
[[ -n "$archive" && -f "$archive" ]] || die "usage: make load-image ARCHIVE=<image archive (docker save or OCI layout tar)>"
[[ -S "$CONTAINERD_SOCK" ]] || die "the real node is not running; start it with 'make cluster-up'"
ctr --address "$CONTAINERD_SOCK" --namespace k8s.io images import "$archive" \
  || die "containerd could not import ${archive}: is it an image archive?"
