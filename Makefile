# sqlmi-operator. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN ?= mvn -B --no-transfer-progress
CLUSTER := e2e/cluster

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

.PHONY: build
build: ## Compile and package every module, no tests
	$(MVN) -q -DskipTests package

.PHONY: test
test: ## All tests: unit tests and the e2e suite on the local control plane (started if needed)
	e2e/run-tests.sh

.PHONY: unit-test
unit-test: ## Unit tests only (no cluster needed)
	$(MVN) verify

.PHONY: binaries
binaries: ## Build (or reuse) the cached control-plane binaries from Go modules
	$(CLUSTER)/build-binaries.sh

.PHONY: cluster-up
cluster-up: ## Start the local control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok)
	@$(CLUSTER)/cluster-up.sh

.PHONY: cluster-down
cluster-down: ## Stop the local control plane and free its ports
	@$(CLUSTER)/cluster-down.sh

.PHONY: kind-up
kind-up: ## Create a kind cluster (needs Docker): 1 control plane + 2 workers in distinct zones
	@e2e/kind/kind-up.sh

.PHONY: kind-down
kind-down: ## Delete the kind cluster
	@e2e/kind/kind-down.sh

.PHONY: engine-run
engine-run: ## Run the project's TDS engine in the foreground (env as the SQL Server image)
	engine/run.sh

.PHONY: bench-engine
bench-engine: ## Benchmark the engine against embedded H2 in the same run
	engine/bench.sh
