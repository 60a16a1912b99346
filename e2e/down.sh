#!/usr/bin/env bash
# `make down`: stops the local cluster `make up` started, the operator pod and the samples with it.
source "$(dirname "${BASH_SOURCE[0]}")/cluster/common.sh"
"${CLUSTER_DIR}/cluster-down.sh"
