// Time of one GNN-shaped training step (message passing over a padded crystal-graph batch
// of real MP-20 structures, forward + backward + Adam) on each backend that starts here.
// usage: npx tsx bench/train_step.ts [--backends wasm,cpu,webgpu] [--batch 64]
import { parseArgs } from 'node:util';
import { batchGraphs, buildCrystalGraph, expandDistances, gaussianBasis, NODE_FEATURE_DIM } from '../lib/data/structure/graph.js';
import { loadStructureTable } from '../lib/data/structure/structure_table.js';
import { BackendRequest, initEngine, Rng, tf } from '../lib/env.js';
import { emit } from './machine.js';

const { values } = parseArgs({ options: { backends: { type: 'string' }, batch: { type: 'string' }, steps: { type: 'string' } } });
const backends = (values.backends ?? 'wasm,cpu,webgpu').split(',') as BackendRequest[];
const B = Number(values.batch ?? 64), H = 64, LAYERS = 3, G = 41, STEPS = Number(values.steps ?? 5);

const { rows } = await loadStructureTable('../shared/data/mp20/train_partial.csv.gz', { limit: 400 });
const graphs = rows.filter((r) => r.structure.natoms <= 24).slice(0, B).map((r) => buildCrystalGraph(r.structure, { cutoff: 8, maxNeighbors: 12 }));
const batch = batchGraphs(graphs, 24);
const N = batch.maxAtoms, K = batch.maxNeighbors;
const edgeBasis = expandDistances(batch.neighborDistance, batch.neighborMask, gaussianBasis(0, 8, G));

function makeStep() {
  const rng = new Rng(0);
  const init = (r: number, c: number) => tf.variable(tf.tensor2d(Float32Array.from({ length: r * c }, () => rng.normal(0, Math.sqrt(2 / r))), [r, c]));
  const embed = init(NODE_FEATURE_DIM, H);
  const layers = Array.from({ length: LAYERS }, () => ({ msg: init(H, H), self: init(H, H), edge: init(G, H) }));
  const head = init(H, 1);
  const x = tf.tensor2d(batch.nodeFeatures, [B * N, NODE_FEATURE_DIM]);
  const idx = tf.tensor1d(batch.neighborIndex, 'int32');
  const edges = tf.tensor2d(edgeBasis, [B * N * K, G]);
  const mask = tf.tensor3d(batch.neighborMask, [B * N, K, 1]);
  const atomMask = tf.tensor2d(batch.atomMask, [B, N]);
  const target = tf.randomNormal([B, 1], 0, 1, 'float32', 1);
  const optimizer = tf.train.adam(1e-3);
  const loss = () => tf.tidy(() => {
    let h = tf.relu(tf.matMul(x, embed));
    for (const l of layers) {
      const gate = tf.sigmoid(tf.matMul(edges, l.edge)); // [B·N·K, H]
      const messages = tf.mul(tf.matMul(tf.gather(h, idx), l.msg), gate).reshape([B * N, K, H]);
      h = tf.relu(tf.add(tf.sum(tf.mul(messages, mask), 1), tf.matMul(h, l.self)));
    }
    const pooled = tf.div(tf.sum(tf.mul(h.reshape([B, N, H]), atomMask.expandDims(2)), 1), tf.sum(atomMask, 1, true));
    return tf.losses.meanSquaredError(target, tf.matMul(pooled, head)) as tf.Scalar;
  });
  return { step: () => optimizer.minimize(loss, true)!.dataSync()[0]!, dispose: () => { optimizer.dispose(); tf.dispose([embed, head, x, idx, edges, mask, atomMask, target, ...layers.flatMap((l) => [l.msg, l.self, l.edge])]); } };
}

for (const backend of backends) {
  let info;
  try { info = await initEngine(backend); } catch (e) { emit({ bench: 'gnn_train_step', backend, available: false, why: (e as Error).message.slice(0, 200) }); continue; }
  const { step, dispose } = makeStep();
  step(); // warm-up: kernel setup, weight packing
  const t0 = performance.now();
  let last = 0;
  for (let s = 0; s < STEPS; s++) last = step();
  const seconds = (performance.now() - t0) / 1000 / STEPS;
  dispose();
  emit({ bench: 'gnn_train_step', backend: info.backend, available: true, batch: B, atoms: N, neighbors: K, hidden: H, layers: LAYERS, seconds_per_step: seconds, loss: last, project_kernels: info.projectKernels });
}
