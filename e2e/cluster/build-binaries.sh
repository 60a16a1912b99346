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
  local cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
  have "${cmds[@]/#/$out/}" && return 0
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
	_ "k8s.io/kubernetes/cmd/kubelet"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
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
  go build -trimpath -ldflags "-s -w ${ldflags}" -o "$out.tmp/" "${cmds[@]/#/k8s.io/kubernetes/cmd/}"
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

# Tools whose module has no replace directives: a plain `go install` at the pinned version.
go_install() { # output dir, binary name, package@version, extra ldflags
  local out="$1" name="$2" pkg="$3" extra="${4:-}"
  have "$out/$name" && return 0
  log "building ${name} (${pkg})"
  mkdir -p "$out.tmp"
  GOBIN="$out.tmp" go install -trimpath -ldflags "-s -w ${extra}" "$pkg"
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_kube_router() {
  # Only its NetworkPolicy firewall runs, and only on the local cluster. The wrapper raises the Go
  # dependencies that carry the flaws reported against v2.1.0 (as Deckhouse does when it ships it).
  local out="$KUBE_ROUTER_BIN"
  have "$out/kube-router" && return 0
  local wrapper="$WORK/kube-router-${KUBE_ROUTER_VERSION}"
  log "building kube-router ${KUBE_ROUTER_VERSION} with raised dependencies"
  rm -rf "$wrapper" && mkdir -p "$wrapper" && cd "$wrapper"
  go mod init sqlmi.local/kube-router-binary >/dev/null 2>&1
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router"
GO
  go mod edit -require="github.com/cloudnativelabs/kube-router/v2@${KUBE_ROUTER_VERSION}"
  go mod tidy >/dev/null
  # shellcheck disable=SC2086
  go get ${KUBE_ROUTER_RAISE} >/dev/null
  go mod tidy >/dev/null
  mkdir -p "$out.tmp"
  go build -trimpath -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=${KUBE_ROUTER_VERSION}" \
    -o "$out.tmp/kube-router" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router
  go list -m all > "$out.tmp/modules.txt"
  rm -rf "$out" && mv "$out.tmp" "$out"
}

build_pause() {
  # The pod sandbox's pause process, compiled statically from the source in the Kubernetes module zip.
  local out="$PAUSE_BIN"
  have "$out/pause" && return 0
  command -v gcc >/dev/null || die "gcc is needed to build the pause binary (Debian package gcc)"
  local src
  src="$(go env GOMODCACHE)/k8s.io/kubernetes@${KUBERNETES_VERSION}/build/pause/linux/pause.c"
  [[ -f "$src" ]] || (cd "$WORK" && go mod download "k8s.io/kubernetes@${KUBERNETES_VERSION}")
  log "building pause ${PAUSE_VERSION}"
  mkdir -p "$out.tmp"
  gcc -Os -Wall -Werror -static -DVERSION="v${PAUSE_VERSION}-sqlmi" -o "$out.tmp/pause" "$src"
  strip "$out.tmp/pause"
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
if real_node_enabled; then
  go_install "$COREDNS_BIN" coredns "github.com/coredns/coredns@${COREDNS_VERSION}" \
    "-X github.com/coredns/coredns/coremain.GitCommit=module-${COREDNS_VERSION}"
  go_install "$CRICTL_BIN" crictl "sigs.k8s.io/cri-tools/cmd/crictl@${CRICTL_VERSION}" \
    "-X sigs.k8s.io/cri-tools/pkg/version.Version=${CRICTL_VERSION}"
  build_kube_router
  build_pause
fi
log "binaries ready under ${BIN_ROOT} ($(( $(date +%s) - start ))s)"
