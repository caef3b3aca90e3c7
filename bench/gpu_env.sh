# Sourced by the GPU benchmark scripts on the device machine: NVIDIA's Vulkan ICD is libGLX_nvidia.so.0, which
# needs glvnd (libGLdispatch), so unpack the loader and glvnd debs of .gl/ (device README's recipe), then name the
# driver; print the GPU and check that an adapter opens.
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader 2>/dev/null)"
"$BIN" devices || { echo "no Vulkan adapter: check VK_DRIVER_FILES"; exit 1; }
