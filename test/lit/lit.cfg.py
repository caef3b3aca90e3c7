# lit configuration for kforge: run with `lit test/lit` after `cargo build`.
# Tools come from target/debug (override with KFORGE_BIN_DIR); FileCheck and
# friends from LLVM 22.
import os
import lit.formats

config.name = "kforge"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

repo = os.path.abspath(os.path.join(config.test_source_root, "..", ".."))
bin_dir = os.environ.get("KFORGE_BIN_DIR", os.path.join(repo, "target", "debug"))
llvm_bin = os.environ.get("LLVM_BIN_DIR", "/usr/lib/llvm-22/bin")
config.environment["PATH"] = os.pathsep.join([bin_dir, llvm_bin, os.environ.get("PATH", "")])
for tool in ["kforge-opt", "kforge-run"]:
    config.substitutions.append((r"\b%s\b" % tool, os.path.join(bin_dir, tool)))
config.substitutions.append(("%mlir-translate", os.path.join(llvm_bin, "mlir-translate")))
# Running lowered code (mlir-runner and its support libraries); longer names first.
llvm_lib = os.path.join(os.path.dirname(llvm_bin), "lib")
config.substitutions.append(("%mlir-runner-utils", os.path.join(llvm_lib, "libmlir_runner_utils.so")))
config.substitutions.append(("%mlir-c-runner-utils", os.path.join(llvm_lib, "libmlir_c_runner_utils.so")))
config.substitutions.append(("%mlir-runner", os.path.join(llvm_bin, "mlir-runner")))
