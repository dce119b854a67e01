#!/usr/bin/env bash
# Registers the project's tslab kernel in a project-local Jupyter path (notebooks/.jupyter),
# so no global Jupyter configuration is touched. Use it with
#   export JUPYTER_PATH="$PWD/notebooks/.jupyter"; jupyter lab notebooks/
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
tslab="$root/node_modules/.bin/tslab"
if [ ! -x "$tslab" ]; then
  echo "register_kernel: $tslab is missing (run npm ci)" >&2
  exit 1
fi
mkdir -p "$here/.jupyter/kernels/tslab"
cat > "$here/.jupyter/kernels/tslab/kernel.json" <<JSON
{"argv": ["$tslab", "kernel", "--config-path", "{connection_file}"], "display_name": "TypeScript (matalign)", "language": "typescript"}
JSON
echo "$here/.jupyter"
