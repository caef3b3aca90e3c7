"""Prints a function of N alternating kforge.silu / kforge.add ops (N = argv[1])."""
import sys

n = int(sys.argv[1])
print("func.func @chain(%x: tensor<64x64xf32>) -> tensor<64x64xf32> {")
prev = "%x"
for i in range(n):
    if i % 2 == 0:
        print(f'  %v{i} = "kforge.silu"({prev}) : (tensor<64x64xf32>) -> tensor<64x64xf32>')
    else:
        print(f'  %v{i} = "kforge.add"({prev}, %x) : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>')
    prev = f"%v{i}"
print(f"  return {prev} : tensor<64x64xf32>")
print("}")
