# The real node of the local cluster: a host network (bridge, routes, guard), containerd, the kubelet,
# kube-proxy (nftables), kube-router's NetworkPolicy firewall and CoreDNS. Sourced by cluster-up.sh and
# cluster-down.sh; `node_network_up` runs before the API server (which listens on the node's address), the
# rest after it.
# shellcheck shell=bash

NODE_COMPONENTS=(containerd kubelet kube-proxy kube-router)
# Routes this cluster adds outside its bridge carry this protocol number, so they can be found and removed.
ROUTE_PROTO=199
GUARD_TABLE="sqlmi-node-guard"
BASELINE="${SQLMI_CACHE_DIR}/node-baseline"

uplink_dev() { ip route show default | awk '{for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }'; }

# What this machine had before the node ever ran: nft tables, ipsets and sysctls. Taken once; teardown
# removes whatever it does not list.
record_baseline() {
  [[ -s "$BASELINE/nft-tables" ]] && return 0
  mkdir -p "$BASELINE"
  nft list tables 2>/dev/null | sort > "$BASELINE/nft-tables.tmp" && mv "$BASELINE/nft-tables.tmp" "$BASELINE/nft-tables"
  ipset list -n 2>/dev/null | sort > "$BASELINE/ipsets"
  for key in net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables; do
    echo "$key=$(sysctl -n "$key" 2>/dev/null || echo absent)"
  done > "$BASELINE/sysctls"
}

node_network_up() {
  record_baseline
  # One real node per machine: the bridge, the routes and the cgroup are the machine's.
  if ip link show "$NODE_BRIDGE" >/dev/null 2>&1 && [[ ! -d "$NODE_STATE" ]]; then
    die "the bridge ${NODE_BRIDGE} exists: another local cluster's real node runs on this machine. Stop that cluster (make cluster-down with its SQLMI_CACHE_DIR), or start this one without a real node: SQLMI_REAL_NODE=false"
  fi
  # The bridge carries the node's address before any pod exists: the API server listens there.
  if ! ip link show "$NODE_BRIDGE" >/dev/null 2>&1; then
    ip link add "$NODE_BRIDGE" type bridge || die "cannot create the bridge ${NODE_BRIDGE} (is iproute2 installed, and are we root?)"
  fi
  ip addr replace "${NODE_IP}/24" dev "$NODE_BRIDGE"
  ip link set "$NODE_BRIDGE" up
  sysctl -qw net.ipv4.ip_forward=1
  # Bridged pod-to-pod packets must cross the FORWARD hook, where kube-router filters them.
  [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 || die "net.bridge.bridge-nf-call-iptables is missing: NetworkPolicies could not be enforced"
  route_cluster_ranges
  # Nothing is forwarded between the cluster's bridge and any other interface: pods cannot send beyond the
  # machine, and nothing from outside reaches a pod, a Service or an emulated address.
  nft -f - <<NFT
table inet ${GUARD_TABLE}
delete table inet ${GUARD_TABLE}
table inet ${GUARD_TABLE} {
  chain forward {
    type filter hook forward priority -10; policy accept;
    iifname "${NODE_BRIDGE}" oifname != "${NODE_BRIDGE}" counter drop comment "cluster traffic never leaves the machine"
    iifname != "${NODE_BRIDGE}" oifname "${NODE_BRIDGE}" counter drop comment "nothing from outside reaches the cluster"
  }
}
NFT
}

# Every cluster range goes to the bridge, where kube-proxy rewrites what it knows and the rest dies: no such
# address may follow the default route out of the machine. An address the machine itself needs on its uplink
# (a name server, the gateway) keeps a host route there.
route_cluster_ranges() {
  local range uplink gw
  for range in "${LOCAL_RANGES[@]}"; do
    ip route replace "$range" dev "$NODE_BRIDGE" proto "$ROUTE_PROTO"
  done
  uplink="$(uplink_dev)"
  gw="$(ip route show default | awk '{print $3; exit}')"
  [[ -n "$uplink" ]] || return 0
  for addr in $(awk '/^nameserver/{print $2}' /etc/resolv.conf) $gw; do
    [[ "$addr" =~ ^[0-9.]+$ ]] || continue
    if ip route get "$addr" | grep -q "dev ${NODE_BRIDGE}"; then
      ip route replace "${addr}/32" via "$gw" dev "$uplink" proto "$ROUTE_PROTO"
      log "keeping ${addr} on ${uplink}: it lies inside a cluster range"
    fi
  done
}

write_containerd_config() {
  local dir="$NODE_STATE/containerd"
  mkdir -p "$dir/state" "$dir/certs.d/_default" "$CONTAINERD_ROOT"
  # No registry is reachable, and none may be contacted: a pull from any registry goes to a closed local
  # port and fails at once. Images come from `build-images.sh --import` or `make load-image`.
  printf 'server = "http://127.0.0.1:9"\n\n[host."http://127.0.0.1:9"]\n  capabilities = ["pull", "resolve"]\n' \
    > "$dir/certs.d/_default/hosts.toml"
  cat > "$dir/config.toml" <<TOML
version = 2
root = "${CONTAINERD_ROOT}/root"
state = "${dir}/state"
oom_score = 0

[grpc]
  address = "${CONTAINERD_SOCK}"

[ttrpc]
  address = "${CONTAINERD_SOCK}.ttrpc"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${IMAGE_PREFIX}/pause:${PAUSE_VERSION}"
  # These machines withhold CAP_SYS_RESOURCE: no process may lower its OOM score, so runc must not try.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_unprivileged_ports = true
  enable_unprivileged_icmp = true
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${NODE_STATE}/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${dir}/certs.d"
TOML
}

write_cni_config() {
  mkdir -p "$NODE_STATE/cni/net.d" "$NODE_STATE/cni/ipam"
  cat > "$NODE_STATE/cni/net.d/10-sqlmi.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "sqlmi",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${NODE_BRIDGE}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${NODE_STATE}/cni/ipam",
        "ranges": [[{"subnet": "${NODE_POD_CIDR}", "gateway": "${NODE_IP}"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
}

write_kubelet_config() {
  mkdir -p "$NODE_STATE/kubelet"
  # Pods with dnsPolicy Default get this file: the cluster DNS, never the machine's own resolver.
  printf 'nameserver %s\noptions ndots:1\n' "$CLUSTER_DNS_IP" > "$NODE_STATE/resolv.conf"
  cat > "$NODE_STATE/kubelet-config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# cgroup v1 is what these machines have; Kubernetes 1.35 refuses it unless told otherwise.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /sqlmi
failSwapOn: false
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
address: ${NODE_IP}
port: ${KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
tlsCertFile: ${PKI_DIR}/kubelet-serving.crt
tlsPrivateKeyFile: ${PKI_DIR}/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${PKI_DIR}/ca.crt}
authorization:
  mode: Webhook
clusterDomain: cluster.local
clusterDNS: [${CLUSTER_DNS_IP}]
resolvConf: ${NODE_STATE}/resolv.conf
# No process here may lower its OOM score (CAP_SYS_RESOURCE is withheld).
oomScoreAdj: 0
enforceNodeAllocatable: []
evictionHard: {}
# Images are never pulled here, so none may be collected: they could not come back.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 110
# ConfigMap and Secret volumes follow their objects on each pod sync: every 5 s instead of every minute, so that a
# gateway sees its new routing table and certificates within seconds, as a reload should take.
syncFrequency: 5s
staticPodPath: ""
shutdownGracePeriod: 0s
YAML
}

write_kube_proxy_config() {
  cat > "$NODE_STATE/kube-proxy-config.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
clientConnection:
  kubeconfig: ${CLUSTER_STATE}/kube-proxy.kubeconfig
hostnameOverride: ${NODE_NAME}
clusterCIDR: ${POD_CIDR}
# NodePorts answer on the node's address only, never on the machine's uplink.
nodePortAddresses: ["${NODE_IP}/32"]
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
oomScoreAdj: 0
conntrack:
  maxPerCore: 0
YAML
}

node_running() { local c; for c in "${NODE_COMPONENTS[@]}"; do process_running "$c" || return 1; done; }

node_ready() {
  [[ "$(kubectl get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == "True" ]]
}

nft_table_present() { nft list table "$@" >/dev/null 2>&1; }

# Starts containerd, imports the images the node itself runs, then the kubelet, kube-proxy and kube-router.
node_up() {
  mkdir -p "$NODE_STATE"
  write_containerd_config
  write_cni_config
  write_kubelet_config
  write_kube_proxy_config
  for c in kubelet kube-proxy kube-router; do write_kubeconfig "$CLUSTER_STATE/$c.kubeconfig" "$c"; done
  for ctrl in /sys/fs/cgroup/*/; do [[ -d "$ctrl" && ! -L "${ctrl%/}" ]] && mkdir -p "${ctrl}sqlmi" 2>/dev/null; done

  start_process containerd containerd --config "$NODE_STATE/containerd/config.toml"
  wait_for "containerd" 30 "$LOG_DIR/containerd.log" ctr --address "$CONTAINERD_SOCK" version
  "${CLUSTER_DIR}/../images/build-images.sh" --import pause coredns >/dev/null

  start_process kubelet kubelet --config="$NODE_STATE/kubelet-config.yaml" \
    --kubeconfig="$CLUSTER_STATE/kubelet.kubeconfig" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" \
    --root-dir="$NODE_STATE/kubelet" --cert-dir="$NODE_STATE/kubelet/pki" \
    --node-labels="topology.kubernetes.io/zone=${NODE_ZONE},topology.kubernetes.io/region=local,sqlmi.io/node-type=real" \
    --v=1
  wait_for "the real node ${NODE_NAME} to be Ready" 90 "$LOG_DIR/kubelet.log" node_ready
  # Both read the Node object, so they start once it exists.
  start_process kube-proxy kube-proxy --config="$NODE_STATE/kube-proxy-config.yaml" --v=1
  start_process kube-router kube-router --kubeconfig="$CLUSTER_STATE/kube-router.kubeconfig" \
    --hostname-override="$NODE_NAME" --run-firewall=true --run-router=false --run-service-proxy=false \
    --enable-cni=false --health-port=20244 --metrics-port=0 --iptables-sync-period=1m --v=0
  wait_for "kube-proxy's nftables rules" 60 "$LOG_DIR/kube-proxy.log" nft_table_present ip kube-proxy
  wait_for "kube-router's NetworkPolicy firewall" 60 "$LOG_DIR/kube-router.log" \
    curl -sf --max-time 1 http://127.0.0.1:20244/healthz
}

# The cluster DNS: CoreDNS on the real node behind the conventional kube-dns Service.
cluster_dns_up() {
  local image="${IMAGE_PREFIX}/coredns:${COREDNS_VERSION#v}"
  sed -e "s|@IMAGE@|${image}|g" -e "s|@CLUSTER_DNS_IP@|${CLUSTER_DNS_IP}|g" -e "s|@PRODUCT_DNS_IP@|${PRODUCT_DNS_IP}|g" \
    "${CLUSTER_DIR}/coredns.yaml" \
    | kubectl apply --server-side --force-conflicts -f - >/dev/null
  wait_for "CoreDNS to be available" 90 "kubectl -n kube-system logs deploy/coredns" \
    kubectl -n kube-system wait --for=condition=Available deployment/coredns --timeout=2s
}

# Removes everything the node created, even after a crash: pods and their sandboxes (through the CRI, so
# that their network is torn down), processes, mounts, network namespaces, the bridge and its routes, nft
# tables, iptables chains, ipsets and cgroups. Then checks that nothing is left.
node_down() {
  local sock_present=false
  [[ -S "$CONTAINERD_SOCK" ]] && process_running containerd && sock_present=true
  stop_processes 10 kubelet
  if $sock_present; then
    crictl --runtime-endpoint "unix://${CONTAINERD_SOCK}" --timeout 20s stopp $(crictl --runtime-endpoint "unix://${CONTAINERD_SOCK}" pods -q 2>/dev/null) >/dev/null 2>&1 || true
    crictl --runtime-endpoint "unix://${CONTAINERD_SOCK}" --timeout 20s rmp -f $(crictl --runtime-endpoint "unix://${CONTAINERD_SOCK}" pods -q 2>/dev/null) >/dev/null 2>&1 || true
  fi
  stop_processes 10 kube-router kube-proxy containerd
  # Shims outlive containerd by design; ours are the ones that talk to our socket.
  pkill -KILL -f "containerd-shim-runc-v2 .*${CONTAINERD_SOCK}" 2>/dev/null || true
  pkill -KILL -f "containerd-shim-runc-v2 .*${NODE_STATE}" 2>/dev/null || true
  # Anything still running in a pod's cgroup.
  local procs
  procs="$( (find /sys/fs/cgroup/pids/sqlmi -name cgroup.procs -exec cat {} + 2>/dev/null || true) | sort -u)"
  [[ -n "$procs" ]] && kill -KILL $procs 2>/dev/null
  unmount_under "$NODE_STATE" "$CONTAINERD_ROOT"
  remove_cgroups
  kube-proxy --cleanup --config="$NODE_STATE/kube-proxy-config.yaml" >/dev/null 2>&1 || true
  kube-router --cleanup-config >/dev/null 2>&1 || true
  remove_packet_filters
  ip route flush proto "$ROUTE_PROTO" 2>/dev/null || true
  ip link del "$NODE_BRIDGE" 2>/dev/null || true
  restore_sysctls
  rm -rf "$NODE_STATE"
  local left
  left="$(node_leftovers)"
  [[ -z "$left" ]] || die "the real node left this behind after cluster-down:
${left}"
}

unmount_under() { # directories
  local dir mnt
  for dir in "$@"; do
    [[ -d "$dir" ]] || continue
    # Deepest first; lazily, so a busy mount does not stop the teardown.
    for mnt in $(awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r); do
      umount -l "$mnt" 2>/dev/null || true
    done
  done
}

remove_cgroups() {
  local ctrl
  for ctrl in /sys/fs/cgroup/*/sqlmi; do
    [[ -d "$ctrl" ]] || continue
    find "$ctrl" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
}

# The nft tables the node's components create (kube-proxy's, the guard, and those iptables-nft makes for
# kube-router) unless the machine had them before, the chains they add to tables it had, and their ipsets.
NODE_NFT_TABLES=("ip kube-proxy" "ip6 kube-proxy" "inet ${GUARD_TABLE}" "ip filter" "ip nat" "ip mangle" "ip raw"
                 "ip security" "ip6 filter" "ip6 nat" "ip6 mangle" "ip6 raw" "ip6 security")

node_nft_tables_present() { # prints the node's tables that exist and are not the machine's own
  local t
  for t in "${NODE_NFT_TABLES[@]}"; do
    nft_table_present $t || continue
    grep -qx "table ${t}" "$BASELINE/nft-tables" 2>/dev/null || echo "$t"
  done
}

node_chains_present() { # table: prints the node's chains in an iptables table the machine already had
  iptables -t "$1" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}'
}

remove_packet_filters() {
  local t table rule chain set
  while read -r t; do [[ -n "$t" ]] && nft delete table $t 2>/dev/null; done < <(node_nft_tables_present)
  for table in filter nat mangle raw; do
    nft_table_present ip "$table" || continue
    iptables -t "$table" -S 2>/dev/null | awk '$1 == "-A" && / -j (KUBE-|CNI-)/' | sed 's/^-A/-D/' | while read -r rule; do
      eval "iptables -t $table $rule" 2>/dev/null || true
    done
    for chain in $(node_chains_present "$table"); do iptables -t "$table" -F "$chain" 2>/dev/null || true; done
    for chain in $(node_chains_present "$table"); do iptables -t "$table" -X "$chain" 2>/dev/null || true; done
  done
  for set in $(ipset list -n 2>/dev/null); do
    grep -qx "$set" "$BASELINE/ipsets" 2>/dev/null || ipset destroy "$set" 2>/dev/null || true
  done
}

restore_sysctls() {
  local line key value
  [[ -f "$BASELINE/sysctls" ]] || return 0
  while IFS='=' read -r key value; do
    [[ "$value" == absent ]] || sysctl -qw "${key}=${value}" 2>/dev/null || true
  done < "$BASELINE/sysctls"
}

# Prints one line per thing the node left behind; nothing when the machine is clean.
node_leftovers() {
  local c range table set
  for c in "${NODE_COMPONENTS[@]}"; do process_running "$c" && echo "process: $c"; done
  pgrep -af "containerd-shim-runc-v2 .*(${CONTAINERD_SOCK}|${NODE_STATE})" | sed 's/^/process: /'
  # Mounts, network namespaces included (containerd mounts them under its state directory).
  awk -v a="$NODE_STATE" -v b="$CONTAINERD_ROOT" 'index($5, a) == 1 || index($5, b) == 1 {print "mount: " $5}' /proc/self/mountinfo
  ip link show "$NODE_BRIDGE" >/dev/null 2>&1 && echo "bridge: $NODE_BRIDGE"
  ip route show proto "$ROUTE_PROTO" 2>/dev/null | sed 's/^/route: /'
  for range in "${LOCAL_RANGES[@]}"; do ip route show exact "$range" 2>/dev/null | sed 's/^/route: /'; done
  node_nft_tables_present | sed 's/^/nft table: /'
  for table in filter nat mangle raw; do
    nft_table_present ip "$table" && node_chains_present "$table" | sed "s|^|iptables chain: ${table}/|"
  done
  for set in $(ipset list -n 2>/dev/null); do
    grep -qx "$set" "$BASELINE/ipsets" 2>/dev/null || echo "ipset: $set"
  done
  ls -d /sys/fs/cgroup/*/sqlmi 2>/dev/null | sed 's/^/cgroup: /'
  [[ -d "$NODE_STATE" ]] && echo "state: $NODE_STATE"
  return 0
}
