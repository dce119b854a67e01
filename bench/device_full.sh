#!/usr/bin/env bash
# Trains the `full` preset on a lent GPU machine (WebGPU over the NVIDIA Vulkan driver) and
# runs the TF.js-vs-PyTorch comparison there (PyTorch on CUDA), through ../shared/tools/device/.
#
#   1. here:   bash bench/device_full.sh prepare
#              (builds dist/ with the benches, packs .device/ with Node.js, the Vulkan loader,
#               the app and the few data files the run reads)
#   2. device tool `run`, carry [".device"], timeout_s 600:
#              bash .device/run.sh bash bench/device_full.sh run
#   Results come back under $OUT: parity.jsonl (bench JSON lines), metrics.jsonl and
#   train.log (epoch times of `full`), device.txt.
set -euo pipefail
root=$(git rev-parse --show-toplevel 2>/dev/null || pwd); cd "$root"
data=.device/data
EPOCH_SECONDS_LIMIT=${EPOCH_SECONDS_LIMIT:-330}

prepare() {
  node node_modules/typescript/bin/tsc -p tsconfig.device.json
  cp bench/torch_twins.py dist/bench/torch_twins.py
  bash ../shared/tools/device/pack.sh
  mkdir -p "$data"
  cp ../shared/data/mp20/train_partial.csv.gz ../shared/data/synthesis/solid-state_2019-12-03.shared.jsonl.gz "$data/"
  printf '{"train": {"epochs": 1, "checkpointEvery": 0}}\n' > "$data/one_epoch.json"
  du -sh .device
}

run() {
  : "${OUT:?run on the device machine, where the tool sets OUT}"
  { nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true; node -v; python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.is_available())' || true; } > "$OUT/device.txt" 2>&1
  # 1. Per tower and whole step, both presets: TF.js on WebGPU vs PyTorch on CUDA, back to back.
  timeout 240 node dist/bench/torch_parity.js --backend webgpu --presets small,full --steps 5 \
    --python python3 --torch-device cuda --structures "$data/train_partial.csv.gz" > "$OUT/parity.jsonl" 2>> "$OUT/device.txt" || echo "parity bench stopped: $?" >> "$OUT/device.txt"
  # 2. One epoch of `full` on WebGPU (data preparation included in the log's timings).
  timeout "$EPOCH_SECONDS_LIMIT" node dist/lib/cli.js train --preset full --backend webgpu --config "$data/one_epoch.json" \
    --structures "$data/train_partial.csv.gz" --synthesis "$data/solid-state_2019-12-03.shared.jsonl.gz" --out /tmp/full \
    > "$OUT/train.log" 2>&1 || echo "training stopped: $?" >> "$OUT/train.log"
  cp /tmp/full/metrics.jsonl "$OUT/metrics.jsonl" 2>/dev/null || true
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: bash bench/device_full.sh prepare|run" >&2; exit 2 ;;
esac
