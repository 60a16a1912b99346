#!/usr/bin/env bash
# Stops every process cluster-up.sh started and frees its ports; removes everything the real node created
# (containers, mounts, network namespaces, the bridge, routes, nft tables, iptables chains, ipsets, cgroups)
# and fails if anything is left. The binaries and the images stay cached; the cluster's data goes (every
# cluster-up starts clean). Logs stay until the next cluster-up.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "${CLUSTER_DIR}/node.sh"

# The node first (it needs containerd to take its pods down cleanly), then the control plane. The node's teardown
# also runs when this cluster's node crashed half-built (its state directory is there); never for a cluster
# without a real node, whose bridge, if one exists, is another cluster's.
if real_node_enabled || [[ -d "$NODE_STATE" ]]; then
  node_down
fi
# The cluster's data is thrown away, so nothing needs an orderly goodbye: all at once, etcd a moment later.
stop_processes 5 fake-provisioner kwok kube-scheduler kube-controller-manager kube-apiserver
stop_processes 5 etcd
for port in "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$CONTROLLER_MANAGER_PORT" "$SCHEDULER_PORT" "$KWOK_PORT"; do
  for _ in $(seq 1 25); do ss -ltnH "sport = :$port" | grep -q . || break; sleep 0.2; done
  ss -ltnH "sport = :$port" | grep -q . && die "port $port is still held after cluster-down"
done
rm -rf "$CLUSTER_STATE/etcd" "$CLUSTER_STATE/volumes"
log "local cluster stopped"
