# KernelForge: `make demo` sets up and runs the main job, `make test` sets up
# and runs every test. Both are safe to re-run: set-up steps are idempotent.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/debug

.PHONY: setup model build demo test test-rust test-lit lint clean-cache

setup:
	@bash scripts/setup.sh

model: setup
	@bash scripts/fetch-model.sh

build: setup
	@$(CARGO) build --workspace --quiet

demo: setup model build
	@bash scripts/demo.sh

lint: setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --quiet

test-rust: build model
	$(CARGO) test --workspace

test-lit: build
	lit -sv test/lit

test: lint test-rust test-lit
	@echo "make test: all gates passed"
