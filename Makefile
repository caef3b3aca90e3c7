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
	@$(CARGO) build --workspace --quiet </dev/null

demo: setup model build
	@bash scripts/demo.sh

# Cargo commands read no input (stdin is /dev/null). scripts/setup.sh checks
# that /dev/null is still a device: once it was a regular file (a tool had
# renamed its output over it), and cargo's target probe (`rustc -`, which reads
# stdin) parsed the text in it and failed the build.
lint: setup
	$(CARGO) fmt --all --check </dev/null
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --quiet </dev/null
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings </dev/null

test-rust: build model
	$(CARGO) test --workspace </dev/null

test-lit: build
	lit -sv test/lit

test: lint test-rust test-lit
	@echo "make test: all gates passed"
