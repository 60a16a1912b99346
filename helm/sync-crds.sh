#!/usr/bin/env bash
# Keeps the chart's CRDs (helm/sqlmi-operator/crds/) identical to the committed CRDs (crds/, which
# `make crds` refreshes from the operator's Java classes), and the chart's copy of the admission policies
# (helm/sqlmi-operator/files/admission-policies.yaml, which its templates rename per release) identical to
# crds/admission/policies.yaml.
#
#   helm/sync-crds.sh           copy crds/*.yml into the chart (and drop CRDs no longer in crds/), and the policies
#   helm/sync-crds.sh --check   change nothing; exit 1 naming every difference when they drift
set -euo pipefail

HELM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE_DIR="${HELM_DIR}/../crds"
TARGET_DIR="${HELM_DIR}/sqlmi-operator/crds"
POLICIES="${SOURCE_DIR}/admission/policies.yaml"
CHART_POLICIES="${HELM_DIR}/sqlmi-operator/files/admission-policies.yaml"

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
  cmp -s "$POLICIES" "$CHART_POLICIES" \
    || problems+=("differs: helm/sqlmi-operator/files/admission-policies.yaml is not a copy of crds/admission/policies.yaml")
  if [[ ${#problems[@]} -gt 0 ]]; then
    echo "sync-crds: the Helm chart's CRDs are out of date with crds/:" >&2
    printf '  - %s\n' "${problems[@]}" >&2
    echo "Fix: run helm/sync-crds.sh (after make crds) and commit helm/sqlmi-operator/crds/ and files/." >&2
    exit 1
  fi
  echo "sync-crds: helm/sqlmi-operator/crds/ matches crds/ (${#sources[@]} CRDs), and the admission policies match"
  exit 0
fi

mkdir -p "$TARGET_DIR"
for dst in "${TARGET_DIR}"/*; do
  [[ -f "${SOURCE_DIR}/$(basename "$dst")" ]] || { rm -f "$dst"; echo "sync-crds: removed $(basename "$dst")"; }
done
for src in "${sources[@]}"; do
  cp "$src" "${TARGET_DIR}/"
done
mkdir -p "$(dirname "$CHART_POLICIES")"
cp "$POLICIES" "$CHART_POLICIES"
echo "sync-crds: copied ${#sources[@]} CRDs from crds/ into helm/sqlmi-operator/crds/, and the admission policies into files/"
