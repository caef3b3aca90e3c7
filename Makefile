# KernelForge: `make demo` sets up and runs the main job, `make test` sets up
# and runs every test. Both are safe to re-run: set-up steps are idempotent.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/debug

.PHONY: setup model build demo test test-rust test-isa test-gpu-variants test-lit lint clean-cache fuzz fuzz-smoke

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

# Every ISA variant below the host's own (issue 11): `kforge-run --isa list`
# names the variants this CPU runs, its default first; test-rust ran that one.
# The kernels' tests (kforge-kernels), the runtime's unit tests (JIT,
# differential, tiled) and the decoder against its references run again under
# each lower variant, so an AVX-512 machine proves the AVX2 and portable paths too.
test-isa: build model
	@for isa in $$($(BIN)/kforge-run --isa list | tail -n +2); do \
	  echo "make test-isa: KFORGE_ISA=$$isa"; \
	  KFORGE_ISA=$$isa $(CARGO) test -p kforge-kernels --lib --quiet </dev/null || exit 1; \
	  KFORGE_ISA=$$isa $(CARGO) test -p kforge-runtime --lib --quiet </dev/null || exit 1; \
	  KFORGE_ISA=$$isa $(CARGO) test -p kforge-run --test decoder --test batch_decoder --quiet </dev/null || exit 1; \
	done

# The several-row GEMV's variants (gpu/src/wgsl/gemv.rs's knobs, timed on the
# device by bench/gpu_gemv_rows.sh) against the references, on lavapipe: each
# knob changes the generated WGSL, so each setting is a kernel of its own (by
# default lavapipe, which has subgroups, gets the subgroup reduction; =0 the tree).
test-gpu-variants: build
	@for v in "KFORGE_GPU_GEMV_SUBGROUPS=0" \
	  "KFORGE_GPU_GEMV_ROW_THREADS=32 KFORGE_GPU_GEMV_SUBGROUPS=0" \
	  "KFORGE_GPU_GEMV_ROW_THREADS=64" "KFORGE_GPU_GEMV_ROW_THREADS=128 KFORGE_GPU_GEMV_SUBGROUPS=0" \
	  "KFORGE_GPU_ZERO_WORKGROUP_MEMORY=1"; do \
	  echo "make test-gpu-variants: $$v"; \
	  env $$v $(CARGO) test -p kforge-gpu --test kernels --test fused --test stored_weights --quiet </dev/null || exit 1; \
	done

test-lit: build
	lit -sv test/lit

# Fuzzing (fuzz/README.md): a seeded run of every target, 15 s each, in `make
# test`; `make fuzz FUZZ_SECONDS=3600` for a long one (seconds per target).
fuzz-smoke: build
	@bash scripts/fuzz.sh smoke

fuzz: build
	@bash scripts/fuzz.sh long

test: lint test-rust test-isa test-gpu-variants test-lit fuzz-smoke
	@echo "make test: all gates passed"
