import { expect } from 'chai';
import { PRESETS, Modality } from '../../lib/config.js';
import { compositionArrays, ELEMENT_FEATURE_DIM } from '../../lib/data/paired/features.js';
import { Structure, structureFromCif } from '../../lib/data/structure/crystal.js';
import { batchGraphs, buildCrystalGraph, NODE_FEATURE_DIM } from '../../lib/data/structure/graph.js';
import { Lattice } from '../../lib/data/structure/lattice.js';
import { SynthesisTokenizer } from '../../lib/data/synthesis/tokenizer.js';
import { initEngine, tf } from '../../lib/env.js';
import { AlignmentModel, ModalityBatches } from '../../lib/models/clip_model.js';
import { maxAbsDiff, randomArray } from '../helpers/engine.js';
import { cifText, rockSalt } from '../helpers/cif.js';

const tiny = PRESETS.tiny;
const perovskite = () => structureFromCif(cifText({ cell: [3.9, 3.9, 3.9, 90, 90, 90], sites: [['Sr', 0, 0, 0], ['Ti', 0.5, 0.5, 0.5], ['O', 0.5, 0.5, 0], ['O', 0.5, 0, 0.5], ['O', 0, 0.5, 0.5]], name: 'SrTiO3' }));

function rotated(s: Structure): Structure {
  const [c, sn] = [Math.cos(0.7), Math.sin(0.7)];
  const m = s.lattice.matrix;
  const rows = [0, 1, 2].map((i) => [m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!]);
  const r = rows.flatMap(([x, y, z]) => [c * x! - sn * y!, sn * x! + c * y!, z!]);
  return new Structure(new Lattice(r), s.sites, s.id);
}
const translated = (s: Structure) => new Structure(s.lattice, s.sites.map((site) => ({ ...site, frac: site.frac.map((f) => (f + 0.237) % 1) as unknown as typeof site.frac })), s.id);
const permuted = (s: Structure) => new Structure(s.lattice, [...s.sites].reverse(), s.id);

function models(kind: 'gcn3d' | 'cgcnn') {
  return new AlignmentModel({ ...tiny.model, structure: { ...tiny.model.structure, kind } }, { cutoff: 6, vocabSize: 50, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: tiny.data.xrdPoints }, 3);
}

/** Every neighbour within 5 Å is kept (K = 64 > any count here), so no tie at the K-th neighbour is broken by atom order. */
function embedStructures(model: AlignmentModel, structures: Structure[]): Float32Array {
  const batch = batchGraphs(structures.map((s) => buildCrystalGraph(s, { cutoff: 5, maxNeighbors: 64 })));
  return tf.tidy(() => model.embed('structure', batch).dataSync() as Float32Array);
}

describe('encoders', () => {
  before(async () => { await initEngine('wasm'); });

  for (const kind of ['gcn3d', 'cgcnn'] as const) {
    it(`${kind}: invariant to rotation, translation, atom order and supercell`, () => {
      const model = models(kind);
      const s = perovskite();
      const D = tiny.model.dim;
      const out = embedStructures(model, [s, rotated(s), translated(s), permuted(s), s.supercell(2, 1, 1), structureFromCif(rockSalt())]);
      const row = (i: number) => out.subarray(i * D, (i + 1) * D);
      for (let i = 1; i <= 4; i++) expect(maxAbsDiff(row(0), row(i)), `variant ${i}`).to.be.lessThan(1e-4);
      expect(maxAbsDiff(row(0), row(5))).to.be.greaterThan(1e-3);
      model.dispose();
    });
  }

  it('give [B, D] unit rows for every modality and free their tensors', () => {
    const model = models('gcn3d');
    const tok = SynthesisTokenizer.train(['BaCO3 and TiO2 were mixed and calcined at 1100 °C for 12 h in air.', 'The powders were ground and pressed.'], { vocabSize: 60 });
    const m2 = new AlignmentModel(tiny.model, { cutoff: 6, vocabSize: tok.vocabSize, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: tiny.data.xrdPoints }, 4);
    const comp = [compositionArrays(new Map([['Sr', 1], ['Ti', 1], ['O', 3]])), compositionArrays(new Map([['Na', 1], ['Cl', 1]]))];
    const S = tiny.data.micrographSize, P = tiny.data.xrdPoints;
    const batches: ModalityBatches = {
      structure: batchGraphs([perovskite(), structureFromCif(rockSalt())].map((s) => buildCrystalGraph(s, { cutoff: 6, maxNeighbors: 12 }))),
      composition: {
        batchSize: 2, maxElements: 3, elements: Int32Array.from([...comp[0]!.elements, ...comp[1]!.elements, 0]),
        fractions: Float32Array.from([...comp[0]!.fractions, ...comp[1]!.fractions, 0]),
        elementFeatures: Float32Array.from([...comp[0]!.features, ...comp[1]!.features, ...new Float32Array(ELEMENT_FEATURE_DIM)]),
      },
      text: tok.encodeBatch(['BaCO3 and TiO2 were mixed', 'pressed'], { maxLength: tiny.model.text.maxLength }),
      xrd: { batchSize: 2, points: P, values: randomArray(2 * P, 1).map(Math.abs) },
      micrograph: { batchSize: 2, size: S, pixels: randomArray(2 * S * S, 2).map(Math.abs) },
    };
    m2.initialize(['structure', 'composition', 'text', 'xrd', 'micrograph']);
    const before = tf.memory().numTensors;
    for (const m of Object.keys(batches) as Modality[]) {
      const z = m2.embed(m, batches[m] as never);
      expect(z.shape, m).to.deep.equal([2, tiny.model.dim]);
      const norms = tf.tidy(() => tf.norm(z, 2, 1).dataSync());
      for (const n of norms) expect(n, m).to.be.closeTo(1, 1e-4);
      z.dispose();
    }
    expect(tf.memory().numTensors).to.equal(before);
    const held = tf.memory().numTensors;
    m2.dispose();
    model.dispose();
    expect(tf.memory().numTensors).to.be.lessThan(held);
  });

  it('pads text without changing the embedding', () => {
    const tok = SynthesisTokenizer.train(['mixed and calcined at 900 °C', 'ground'], { vocabSize: 40 });
    const model = new AlignmentModel(tiny.model, { cutoff: 6, vocabSize: tok.vocabSize, nodeFeatures: NODE_FEATURE_DIM, elementFeatures: ELEMENT_FEATURE_DIM, xrdPoints: tiny.data.xrdPoints }, 5);
    const alone = tf.tidy(() => model.embed('text', tok.encodeBatch(['ground'])).dataSync());
    const padded = tf.tidy(() => model.embed('text', tok.encodeBatch(['ground', 'mixed and calcined at 900 °C'])).dataSync().slice(0, tiny.model.dim));
    expect(maxAbsDiff(alone, padded)).to.be.lessThan(1e-4);
    model.dispose();
  });
});

describe('log power spectrum of the image tower', () => {
  before(async () => { await initEngine('wasm'); });

  it('equals a naive 2-D DFT of the windowed, mean-free image (fftshifted, max-scaled)', async () => {
    const { logPowerSpectrum } = await import('../../lib/models/cnn_encoders.js');
    const S = 6;
    const img = randomArray(S * S, 11).map(Math.abs);
    const got = tf.tidy(() => logPowerSpectrum(tf.tensor3d(img, [1, S, S])).dataSync());
    const hann = Array.from({ length: S }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (S - 1)));
    const mean = img.reduce((a, b) => a + b, 0) / img.length;
    const want = new Float64Array(S * S);
    for (let u = 0; u < S; u++) for (let v = 0; v < S; v++) {
      let re = 0, im = 0;
      for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
        const val = (img[y * S + x]! - mean) * hann[y]! * hann[x]!;
        const a = (-2 * Math.PI * (u * y + v * x)) / S;
        re += val * Math.cos(a); im += val * Math.sin(a);
      }
      const su = (u + S / 2) % S, sv = (v + S / 2) % S;
      want[su * S + sv] = Math.log1p(re * re + im * im);
    }
    const max = Math.max(...want);
    expect(maxAbsDiff(got, want.map((w) => w / max))).to.be.lessThan(1e-4);
  });
});
