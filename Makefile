# sqlmi-operator. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
include e2e/cluster/versions.env
BENCH_SIZES ?= 10,100
SQLMI_CACHE_DIR ?= $(HOME)/.cache/sqlmi
MVN ?= mvn -B --no-transfer-progress
HELM ?= $(SQLMI_CACHE_DIR)/bin/helm-$(HELM_VERSION)/helm
CLUSTER := e2e/cluster

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

.PHONY: up
up: ## Start everything: the local cluster, the images, the operator from the Helm chart, the samples; query one
	@e2e/up.sh

.PHONY: down
down: ## Stop everything `make up` started
	@e2e/down.sh

.PHONY: test
test: ## All tests: unit tests and the e2e suite on the local control plane (started if needed)
	e2e/run-tests.sh

.PHONY: build
build: ## Compile and package every module, no tests
	$(MVN) -q -DskipTests package

.PHONY: unit-test
unit-test: ## Unit tests only (no shared cluster needed)
	$(MVN) verify

.PHONY: crds
crds: ## Regenerate crds/ (and the chart's copy) from the Java classes
	$(MVN) -q -pl operator -am package -DskipTests
	cp operator/target/kubernetes/*.sqlmi.io-v1.yml crds/
	helm/sync-crds.sh

.PHONY: helm-lint
helm-lint: binaries ## Lint the Helm chart; fail when its CRDs differ from crds/
	helm/sync-crds.sh --check
	$(HELM) lint --strict --kube-version $(KUBERNETES_VERSION) helm/sqlmi-operator
	$(HELM) template sqlmi-operator helm/sqlmi-operator --kube-version $(KUBERNETES_VERSION) >/dev/null

.PHONY: binaries
binaries: ## Build (or reuse) the cached control-plane binaries from Go modules
	@$(CLUSTER)/build-binaries.sh

.PHONY: cluster-up
cluster-up: ## Start only the local cluster: control plane, kwok nodes and the real node (SQLMI_REAL_NODE=false: kwok only)
	@$(CLUSTER)/cluster-up.sh

.PHONY: images
images: ## Build the images (pause, CoreDNS, toolbox, engine, operator, gateway) and load them into the cluster's nodes
	@e2e/images/load-images.sh

.PHONY: load-image
load-image: ## Import an image archive into the real node's containerd: make load-image ARCHIVE=<file>
	@e2e/cluster/load-image.sh "$(ARCHIVE)"

.PHONY: cluster-down
cluster-down: ## Stop the local cluster; remove everything the real node created
	@$(CLUSTER)/cluster-down.sh

.PHONY: kind-up
kind-up: ## Create a kind cluster (needs Docker): 1 control plane + 2 workers in distinct zones
	@e2e/kind/kind-up.sh

.PHONY: kind-down
kind-down: ## Delete the kind cluster
	@e2e/kind/kind-down.sh

.PHONY: engine-run
engine-run: ## Run the project's TDS engine in the foreground (environment as the SQL Server image)
	engine/run.sh

.PHONY: bench-engine
bench-engine: ## Benchmark the engine beside embedded H2 in the same run
	engine/bench.sh

.PHONY: bench-gateway
bench-gateway: ## Benchmark the gateway (proxy, redirect) beside direct and HAProxy in the same run
	gateway/bench.sh

.PHONY: bench-operator
bench-operator: ## Benchmark the operator on kwok pool nodes (BENCH_SIZES=10,100,1000: time to Ready and to empty, writes, memory)
	BENCH_SIZES=$(BENCH_SIZES) e2e/bench/operator-bench.sh
