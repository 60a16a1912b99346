#!/usr/bin/env bash
# Installs the Debian packages the real node needs when any is missing: the container runtime (containerd,
# runc), the CNI plugins, the packet filters kube-proxy and kube-router program (nftables, iptables, ipset,
# conntrack), and what the image builder uses (umoci, debootstrap). Idempotent; prints what it installs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# command:package pairs; the CNI plugins are files, checked by path.
NEEDED=(containerd:containerd runc:runc containerd-shim-runc-v2:containerd nft:nftables iptables:iptables
        ipset:ipset conntrack:conntrack umoci:umoci debootstrap:debootstrap ip:iproute2 gcc:gcc)
missing=()
for pair in "${NEEDED[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "${pair%%:*}" >/dev/null 2>&1 \
    || missing+=("${pair#*:}")
done
[[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/portmap && -x /usr/lib/cni/loopback ]] \
  || missing+=(containernetworking-plugins)
# De-duplicate while keeping the order.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk 'NF && !seen[$0]++')
(( ${#missing[@]} == 0 )) && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  die "the real node needs these Debian packages: ${missing[*]}. Install them (apt-get install ${missing[*]}) as root, or run without the real node: SQLMI_REAL_NODE=false"
fi
log "installing ${missing[*]}"
mkdir -p "$SQLMI_CACHE_DIR"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"${SQLMI_CACHE_DIR}/apt.log" 2>&1; then
  die "could not install ${missing[*]} (see ${SQLMI_CACHE_DIR}/apt.log)"
fi
