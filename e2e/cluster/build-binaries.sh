#!/usr/bin/env bash
# Builds the control-plane binaries from the Go module proxy into a version-keyed cache and reuses
# them. k8s.io/kubernetes and etcd's server module carry replace directives that `go install`
# refuses, so each is built inside a throwaway wrapper module generated here (never committed).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

command -v go >/dev/null || die "go is not on PATH; install Go 1.26 or newer"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}"
WORK="${SQLMI_CACHE_DIR}/build"
mkdir -p "$WORK" "$BIN_ROOT"

have() { for f in "$@"; do [[ -x "$f" ]] || return 1; done; }

build_kubernetes() {
  local out="$K8S_BIN"
  have "$out/kube-apiserver" "$out/kube-controller-manager" "$out/kube-scheduler" "$out/kubectl" && return 0
  local ver="$KUBERNETES_VERSION" minor staging wrapper
  minor="$(echo "${ver#v}" | cut -d. -f2)"
  staging="v0.${ver#v1.}"
  wrapper="$WORK/kubernetes-${ver}"
  log "building Kubernetes ${ver} (staging modules at ${staging}); a cold build takes many minutes"
  rm -rf "$wrapper" && mkdir -p "$wrapper" && cd "$wrapper"
  go mod init sqlmi.local/k8s-binaries >/dev/null 2>&1
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and maps them to ./staging/...;
  # generate the equivalent replaces to the published staging versions from its own go.mod.
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@${ver}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')"
  local goline
  goline="$(awk '/^go [0-9]/{print $2; exit}' "$gomod")"
  go mod edit -go="$goline" -require="k8s.io/kubernetes@${ver}"
  grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk '{print $1}' | while read -r m; do
    go mod edit -replace="${m}=${m}@${staging}"
  done
  local godebug
  godebug="$(awk '/^godebug /{print $2; exit}' "$gomod")"
  [[ -n "$godebug" ]] && go mod edit -godebug="$godebug"
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  go mod tidy >/dev/null
  local date pkgs ldflags=""
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X ${pkg}.gitVersion=${ver} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
    ldflags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=${date} -X ${pkg}.gitCommit=module-${ver}"
  done
  mkdir -p "$out.tmp"
  go build -trimpath -ldflags "-s -w ${ldflags}" -o "$out.tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_etcd() {
  local out="$ETCD_BIN"
  have "$out/etcd" && return 0
  local wrapper="$WORK/etcd-${ETCD_VERSION}"
  log "building etcd ${ETCD_VERSION}"
  rm -rf "$wrapper" && mkdir -p "$wrapper" && cd "$wrapper"
  go mod init sqlmi.local/etcd-binary >/dev/null 2>&1
  # Inside a wrapper the server module's relative replaces are ignored; it requires its siblings
  # at its own version, which the proxy serves.
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
  go mod edit -require="go.etcd.io/etcd/server/v3@${ETCD_VERSION}"
  go mod tidy >/dev/null
  mkdir -p "$out.tmp"
  go build -trimpath -ldflags "-s -w" -o "$out.tmp/etcd" go.etcd.io/etcd/server/v3
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_kwok() {
  local out="$KWOK_BIN"
  have "$out/kwok" && [[ -s "$out/stages.yaml" ]] && return 0
  log "building kwok ${KWOK_VERSION}"
  mkdir -p "$out.tmp"
  GOBIN="$out.tmp" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
  # kwok refuses to start without Stage objects; kwokctl's default set ships in the module zip.
  local stages
  stages="$(go env GOMODCACHE)/sigs.k8s.io/kwok@${KWOK_VERSION}/kustomize/stage"
  {
    for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
             pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      [[ -f "$stages/$f" ]] || die "kwok stage $f missing from the module"
      echo "---"; cat "$stages/$f"
    done
  } > "$out.tmp/stages.yaml"
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_helm() {
  local out="$HELM_BIN"
  have "$out/helm" && return 0
  log "building helm ${HELM_VERSION}"
  mkdir -p "$out.tmp"
  GOBIN="$out.tmp" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}" \
    "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}"
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_fake_provisioner() {
  # Project code, keyed by the hash of its sources so an edit rebuilds it.
  local src="${CLUSTER_DIR}/fake-provisioner" hash out
  hash="$(cat "$src"/*.go "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-12)"
  out="${BIN_ROOT}/fake-provisioner-${hash}"
  have "$out/fake-provisioner" && { ln -sfn "$out" "$PROVISIONER_BIN"; return 0; }
  log "building fake-provisioner (${hash})"
  mkdir -p "$out.tmp"
  (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$out.tmp/fake-provisioner" .)
  rm -rf "$out" && mv "$out.tmp" "$out" && ln -sfn "$out" "$PROVISIONER_BIN"
}

fill_kube_api_test_dir() {
  mkdir -p "$KUBE_API_TEST_BIN"
  ln -sf "$ETCD_BIN/etcd" "$KUBE_API_TEST_BIN/etcd"
  ln -sf "$K8S_BIN/kube-apiserver" "$KUBE_API_TEST_BIN/kube-apiserver"
  ln -sf "$K8S_BIN/kubectl" "$KUBE_API_TEST_BIN/kubectl"
}

start=$(date +%s)
build_etcd
build_kwok
build_helm
build_fake_provisioner
build_kubernetes
fill_kube_api_test_dir
log "binaries ready under ${BIN_ROOT} ($(( $(date +%s) - start ))s)"
