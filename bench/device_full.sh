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

# The packages the training and the parity bench load (found by tracing the files a tiny run
# opens: strace -f -e trace=openat node dist/lib/cli.js train --preset tiny --backend webgpu ...),
# their own nested node_modules included. All production dependencies together pack to
# ≈ 170 MiB, over the 64 MiB the device tool carries.
DEVICE_PACKAGES="@tensorflow/tfjs @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-backend-webgpu
  @tensorflow/tfjs-backend-webgl @tensorflow/tfjs-backend-wasm @tensorflow/tfjs-layers @tensorflow/tfjs-data @tensorflow/tfjs-converter
  webgpu seedrandom long semver csv-parse @spglib/moyo-wasm @huggingface/transformers onnxruntime-common onnxruntime-node
  sharp detect-libc @img/sharp-linux-x64 @img/sharp-libvips-linux-x64 @img/colour"

# dist/ and the packages above (other platforms' binaries and source maps dropped) as
# .device/app.tar.xz; checked by a one-epoch tiny training run from the unpacked copy.
pack_app() {
  local stage; stage=$(mktemp -d)
  mkdir -p "$stage/node_modules"
  for p in $DEVICE_PACKAGES; do mkdir -p "$stage/node_modules/$(dirname "$p")"; cp -r "node_modules/$p" "$stage/node_modules/$p"; done
  find "$stage/node_modules" \( -name '*.map' -o -name '*.md' -o -name '*.d.ts' \) -type f -delete
  find "$stage/node_modules" -type d \( -name 'darwin*' -o -name 'win32*' -o -name '*arm64' -o -name 'linuxmusl*' \) -prune -exec rm -rf {} +
  # TF.js runs from each package's Node bundle (dist/*.node.js, plus the wasm binaries): the
  # per-module ESM tree and browser bundles beside it are never loaded in Node.
  find "$stage/node_modules/@tensorflow"/*/dist -mindepth 1 -maxdepth 1 ! -name '*.node.js' ! -name '*.wasm' -exec rm -rf {} +
  cp -r dist "$stage/"
  (cd "$stage" && node dist/lib/cli.js train --preset tiny --backend wasm --workers 0 --config "$root/$data/one_epoch.json" \
    --structures "$root/$data/train_partial.csv.gz" --out "$stage/check" >/dev/null 2>&1) \
    || { echo "device_full.sh: the packed app cannot train (a package missing from DEVICE_PACKAGES?)" >&2; rm -rf "$stage"; exit 1; }
  tar cJf .device/app.tar.xz -C "$stage" node_modules dist
  rm -rf "$stage"
}

prepare() {
  node node_modules/typescript/bin/tsc -p tsconfig.device.json
  cp bench/torch_twins.py dist/bench/torch_twins.py
  rm -rf .device/app.tar.xz "$data"  # pack.sh checks the size of what .device already holds
  bash ../shared/tools/device/pack.sh --no-app
  mkdir -p "$data"
  cp ../shared/data/mp20/train_partial.csv.gz "$data/"
  # The first 10,000 solid-state recipes (of 31k; > 3,000 recipe-only targets): the whole file would not fit.
  { gunzip -c ../shared/data/synthesis/solid-state_2019-12-03.shared.jsonl.gz || true; } | head -n 10000 | gzip -9 > "$data/solid-state_10k.jsonl.gz"
  printf '{"train": {"epochs": 1, "checkpointEvery": 0}}\n' > "$data/one_epoch.json"
  pack_app
  du -sh .device/* .device/data/*
  local total; total=$(du -sm .device | cut -f1)
  echo "device_full.sh: .device is ${total} MiB (the device tool carries at most 64 MiB)"
  # The work tree (≈ 6 MiB) travels in the same 64 MiB.
  [ "$total" -lt 54 ] || { echo "device_full.sh: .device too large" >&2; exit 1; }
}

run() {
  : "${OUT:?run on the device machine, where the tool sets OUT}"
  { nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true; node -v; python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.is_available())' || true; } > "$OUT/device.txt" 2>&1
  # 1. Per tower and whole step, both presets: TF.js on WebGPU vs PyTorch on CUDA, back to back.
  timeout 240 node dist/bench/torch_parity.js --backend webgpu --presets small,full --steps 5 \
    --python python3 --torch-device cuda --structures "$data/train_partial.csv.gz" > "$OUT/parity.jsonl" 2>> "$OUT/device.txt" || echo "parity bench stopped: $?" >> "$OUT/device.txt"
  # 2. One epoch of `full` on WebGPU (data preparation included in the log's timings).
  timeout "$EPOCH_SECONDS_LIMIT" node dist/lib/cli.js train --preset full --backend webgpu --config "$data/one_epoch.json" \
    --structures "$data/train_partial.csv.gz" --synthesis "$data/solid-state_10k.jsonl.gz" --out /tmp/full \
    > "$OUT/train.log" 2>&1 || echo "training stopped: $?" >> "$OUT/train.log"
  cp /tmp/full/metrics.jsonl "$OUT/metrics.jsonl" 2>/dev/null || true
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: bash bench/device_full.sh prepare|run" >&2; exit 2 ;;
esac
