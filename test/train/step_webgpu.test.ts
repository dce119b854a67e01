import { expect } from 'chai';
import { MODALITIES, PRESETS } from '../../lib/config.js';
import { compositionArrays, ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { structureFromCif } from '../../lib/data/structure/crystal.js';
import { batchGraphs, buildCrystalGraph, NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { initEngine, tf } from '../../lib/env.js';
import { AlignmentModel, ModalityBatches } from '../../lib/models/clip_model.js';
import { AdamW, clipByGlobalNormAsync } from '../../lib/train/optimizer.js';
import { lossAndGradientsAsync } from '../../lib/train/step.js';
import { cifText, rockSalt } from '../helpers/cif.js';
import { maxAbsDiff, randomArray } from '../helpers/engine.js';

const tiny = PRESETS.tiny;
const B = 3;
const LR = 1e-3;

function tinyBatches(): ModalityBatches {
  const structures = [
    structureFromCif(rockSalt()),
    structureFromCif(cifText({ cell: [3.9, 3.9, 3.9, 90, 90, 90], sites: [['Sr', 0, 0, 0], ['Ti', 0.5, 0.5, 0.5], ['O', 0.5, 0.5, 0], ['O', 0.5, 0, 0.5], ['O', 0, 0.5, 0.5]], name: 'SrTiO3' })),
    structureFromCif(cifText({ cell: [4.2, 4.2, 4.2, 90, 90, 90], sites: [['Mg', 0, 0, 0], ['O', 0.5, 0.5, 0.5]], name: 'MgO' })),
  ];
  const comps = structures.map((s) => compositionArrays(s.composition()));
  const M = Math.max(...comps.map((c) => c.elements.length));
  const composition = { batchSize: B, maxElements: M, elements: new Int32Array(B * M), fractions: new Float32Array(B * M), elementFeatures: new Float32Array(B * M * ELEMENT_FEATURE_DIM) };
  comps.forEach((c, b) => {
    composition.elements.set(c.elements, b * M);
    composition.fractions.set(c.fractions, b * M);
    composition.elementFeatures.set(c.features, b * M * ELEMENT_FEATURE_DIM);
  });
  const L = 6, P = tiny.data.xrdPoints, S = tiny.data.micrographSize;
  return {
    structure: batchGraphs(structures.map((s) => buildCrystalGraph(s, { cutoff: 6, maxNeighbors: 12 }))),
    composition,
    text: { batchSize: B, length: L, ids: Int32Array.from({ length: B * L }, (_, i) => 5 + ((i * 7) % 40)), mask: Int32Array.from({ length: B * L }, (_, i) => (i % L < 3 + (i / L | 0) ? 1 : 0)) },
    xrd: { batchSize: B, points: P, values: randomArray(B * P, 1).map(Math.abs) },
    micrograph: { batchSize: B, size: S, pixels: randomArray(B * S * S, 2).map(Math.abs) },
  };
}

/** Embeddings of every modality, then one training step (loss, clipping, AdamW): values read back as arrays. */
async function forwardAndStep(batches: ModalityBatches) {
  const model = new AlignmentModel(tiny.model, { cutoff: 6, vocabSize: 50, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: tiny.data.xrdPoints }, 11);
  model.initialize([...MODALITIES]);
  const embeddings: number[][] = [];
  for (const m of MODALITIES) {
    const z = model.embed(m, batches[m] as never);
    embeddings.push(Array.from(await z.data()));
    z.dispose();
  }
  const rows = new Map(MODALITIES.map((m) => [m, Int32Array.from([0, 1, 2])] as const));
  const result = await lossAndGradientsAsync(model, { ...tiny, train: { ...tiny.train, batchSize: B, microBatch: B } }, { chunks: [{ batches, rows }], sizes: [B], groups: Int32Array.from([0, 1, 2]) });
  await clipByGlobalNormAsync(result.grads, tiny.train.clipNorm);
  const grads = new Map<string, number[]>();
  for (const [name, g] of result.grads) grads.set(name, Array.from(await g.data()));
  const optimizer = new AdamW();
  // Adam's first step moves each weight by ≈ lr·sign(g): gradients near 0 may flip sign between
  // backends, so the step is kept small and the gradients are compared on their own.
  optimizer.apply(model.params.entries(), result.grads, LR);
  tf.dispose([...result.grads.values()]);
  const params = await model.params.serializeAsync();
  optimizer.dispose();
  model.dispose();
  return { embeddings, loss: result.loss, grads, params };
}

describe('training on the webgpu backend', function () {
  this.timeout(300_000);
  after(async () => { await initEngine('wasm'); });

  it('embeds every modality and takes a training step as the wasm backend does (skipped where no WebGPU adapter starts, e.g. without Mesa lavapipe ≥ 23)', async function () {
    const batches = tinyBatches();
    await initEngine('wasm');
    const wasm = await forwardAndStep(batches);
    try {
      await initEngine('webgpu');
    } catch (e) {
      // No adapter here (no GPU and no Vulkan software driver such as Mesa's lavapipe ≥ 23).
      this.skip();
      return void e;
    }
    const gpu = await forwardAndStep(batches);
    MODALITIES.forEach((m, i) => expect(maxAbsDiff(gpu.embeddings[i]!, wasm.embeddings[i]!), m).to.be.below(2e-3));
    expect(gpu.loss).to.be.closeTo(wasm.loss, 2e-3 * Math.max(1, Math.abs(wasm.loss)));
    expect(gpu.params.names).to.deep.equal(wasm.params.names);
    expect([...gpu.grads.keys()]).to.deep.equal([...wasm.grads.keys()]);
    for (const [name, g] of wasm.grads) {
      const scale = Math.max(1e-3, ...g.map(Math.abs));
      expect(maxAbsDiff(gpu.grads.get(name)!, g), name).to.be.below(2e-3 * Math.max(1, scale));
    }
    expect(maxAbsDiff(gpu.params.values, wasm.params.values)).to.be.below(2 * LR + 1e-4);
  });
});
