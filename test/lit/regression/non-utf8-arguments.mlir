// Fixed bug: any non-UTF-8 argument (`--prompt $'caf\xff'`, a file name)
// panicked kforge-run. Paths may now be any bytes in every tool, and a text
// option that is not UTF-8 is a clap error.
// RUN: not python3 %S/Inputs/run_with_bytes.py kforge-run %s --prompt 'caf\xff' 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: not python3 %S/Inputs/run_with_bytes.py kforge-run '%t-\xff.mlir' --random-inputs 2>&1 | FileCheck %s --check-prefix=PATH
// RUN: python3 %S/Inputs/run_with_bytes.py cp %s '%t-\xff-in.mlir'
// RUN: python3 %S/Inputs/run_with_bytes.py kforge-opt '%t-\xff-in.mlir' -o '%t-\xff-out.mlir'
// RUN: python3 %S/Inputs/run_with_bytes.py FileCheck %s --check-prefix=OUT --input-file '%t-\xff-out.mlir'
// RUN: not python3 %S/Inputs/run_with_bytes.py kforge-bench plot '%t-\xff.json' -o %t.svg 2>&1 | FileCheck %s --check-prefix=BENCH

// Tests that each is an error or works, never a panic.
// TEXT: error: invalid UTF-8 was detected in one or more arguments
// TEXT-NOT: panicked
// PATH: kforge-run: error: cannot read '{{.*}}.mlir': No such file or directory
// OUT: func.func @f
// BENCH: kforge-bench: error: cannot read {{.*}}.json
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
