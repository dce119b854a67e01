#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless (tslab kernel, Debian's jupyter-nbconvert)
# and stops at the first failing cell.
set -euo pipefail
cd "$(dirname "$0")"
shopt -s nullglob
books=(*.ipynb)
if [ ${#books[@]} -eq 0 ]; then
  echo "notebooks: none in $(pwd)"
  exit 0
fi
export JUPYTER_PATH="$(pwd)/.jupyter"
mkdir -p "$JUPYTER_PATH/kernels/tslab"
cat > "$JUPYTER_PATH/kernels/tslab/kernel.json" <<JSON
{"argv": ["$(cd .. && pwd)/node_modules/.bin/tslab", "kernel", "--config-path", "{connection_file}"], "display_name": "TypeScript", "language": "typescript"}
JSON
for nb in "${books[@]}"; do
  echo "notebooks: running $nb"
  /usr/bin/python3 -m jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=tslab "$nb"
done
