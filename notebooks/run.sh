#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless (tslab kernel, Debian's jupyter-nbconvert) in
# order and stops at the first failing cell. MATALIGN_PRESET selects the preset (tiny for CI,
# default small); the executed copies go to reports/<preset>/notebooks/, the sources stay clean.
set -euo pipefail
cd "$(dirname "$0")"
shopt -s nullglob
books=([0-9][0-9]_*.ipynb)
if [ ${#books[@]} -eq 0 ]; then
  echo "notebooks: none in $(pwd)"
  exit 0
fi
if ! /usr/bin/python3 -c 'import nbconvert, nbclient, jupyter_client' 2>/dev/null; then
  echo "notebooks: Debian's jupyter-nbconvert, python3-nbclient and jupyter-client are needed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client)" >&2
  exit 1
fi
if [ ! -f ../dist/lib/index.js ]; then
  echo "notebooks: ../dist/lib/index.js is missing: run npm run build first" >&2
  exit 1
fi
JUPYTER_PATH="$(bash register_kernel.sh)"
export JUPYTER_PATH
preset="${MATALIGN_PRESET:-small}"
out="../reports/$preset/notebooks"
mkdir -p "$out"
for nb in "${books[@]}"; do
  echo "notebooks: running $nb (preset $preset)"
  start=$SECONDS
  log="$out/${nb%.ipynb}.log"
  if ! /usr/bin/python3 -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=tslab \
      --ExecutePreprocessor.timeout=3600 --output-dir "$out" "$nb" >"$log" 2>&1; then
    grep -v MissingIDFieldWarning "$log" | tail -40 >&2
    echo "notebooks: $nb failed (log: $log)" >&2
    exit 1
  fi
  echo "notebooks: $nb done in $((SECONDS - start)) s → $out/$nb"
done
