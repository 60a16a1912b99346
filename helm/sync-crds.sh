#!/usr/bin/env bash
# Keeps the chart's CRDs (helm/sqlmi-operator/crds/) identical to the committed CRDs (crds/, which
# `make crds` refreshes from the operator's Java classes).
#
#   helm/sync-crds.sh           copy crds/*.yml into the chart (and drop CRDs no longer in crds/)
#   helm/sync-crds.sh --check   change nothing; exit 1 naming every difference when they drift
set -euo pipefail

HELM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE_DIR="${HELM_DIR}/../crds"
TARGET_DIR="${HELM_DIR}/sqlmi-operator/crds"

usage() { echo "usage: $0 [--check]" >&2; exit 2; }
check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  -h|--help) usage ;;
  *) usage ;;
esac
[[ $# -le 1 ]] || usage

shopt -s nullglob
sources=("${SOURCE_DIR}"/*.yml)
[[ ${#sources[@]} -gt 0 ]] || { echo "sync-crds: no CRDs found in ${SOURCE_DIR}" >&2; exit 1; }

if $check; then
  problems=()
  for src in "${sources[@]}"; do
    name="$(basename "$src")"
    if [[ ! -f "${TARGET_DIR}/${name}" ]]; then
      problems+=("missing in the chart: helm/sqlmi-operator/crds/${name}")
    elif ! cmp -s "$src" "${TARGET_DIR}/${name}"; then
      problems+=("differs: helm/sqlmi-operator/crds/${name} is not a copy of crds/${name}")
    fi
  done
  for dst in "${TARGET_DIR}"/*; do
    name="$(basename "$dst")"
    [[ -f "${SOURCE_DIR}/${name}" ]] || problems+=("not in crds/: helm/sqlmi-operator/crds/${name}")
  done
  if [[ ${#problems[@]} -gt 0 ]]; then
    echo "sync-crds: the Helm chart's CRDs are out of date with crds/:" >&2
    printf '  - %s\n' "${problems[@]}" >&2
    echo "Fix: run helm/sync-crds.sh (after make crds) and commit helm/sqlmi-operator/crds/." >&2
    exit 1
  fi
  echo "sync-crds: helm/sqlmi-operator/crds/ matches crds/ (${#sources[@]} CRDs)"
  exit 0
fi

mkdir -p "$TARGET_DIR"
for dst in "${TARGET_DIR}"/*; do
  [[ -f "${SOURCE_DIR}/$(basename "$dst")" ]] || { rm -f "$dst"; echo "sync-crds: removed $(basename "$dst")"; }
done
for src in "${sources[@]}"; do
  cp "$src" "${TARGET_DIR}/"
done
echo "sync-crds: copied ${#sources[@]} CRDs from crds/ into helm/sqlmi-operator/crds/"
