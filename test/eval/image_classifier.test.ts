import { expect } from 'chai';
import { initEngine, tf } from '../../lib/env.js';
import {
  DEFAULT_CLASSIFIER_BUDGET, ImageClassifier, budgetSteps, imageBatch, predictImages, standardizeImages, trainImageClassifier, transformSquare,
} from '../../lib/eval/image_classifier.js';
import { InputError } from '../../lib/errors.js';
import { ParamStore } from '../../lib/models/params.js';
import { Rng } from '../../lib/rng.js';
import { brightSpotSet } from '../helpers/defect_fixtures.js';

const TOWER = { channels: [8, 16], kernel: 3 };

describe('image classifier for defect identification', function () {
  this.timeout(30_000);
  before(async () => { await initEngine('wasm'); });

  it('applies the eight symmetries of the square: flips, transpose, each a permutation', () => {
    const src = Float32Array.from([1, 2, 3, 4]);
    const out = (op: number) => { const d = new Float32Array(4); transformSquare(src, 2, op, d); return Array.from(d); };
    expect(out(0)).to.deep.equal([1, 2, 3, 4]);
    expect(out(1)).to.deep.equal([2, 1, 4, 3]);
    expect(out(2)).to.deep.equal([3, 4, 1, 2]);
    expect(out(4)).to.deep.equal([1, 3, 2, 4]);
    const seen = new Set(Array.from({ length: 8 }, (_, op) => out(op).join()));
    expect(seen.size).to.equal(8);
  });

  it('standardises each image to zero mean and unit deviation, constant images to zeros', () => {
    const set = standardizeImages({ size: 2, pixels: Float32Array.from([0, 0, 1, 1, 0.5, 0.5, 0.5, 0.5]), labels: Int32Array.from([0, 1]), classes: ['a', 'b'] });
    expect(Array.from(set.pixels)).to.deep.equal([-1, -1, 1, 1, 0, 0, 0, 0]);
  });

  it('lowers the training loss, then classifies separable images, and leaks no tensors', () => {
    const set = brightSpotSet(160, 3);
    const before = tf.memory().numTensors;
    const model = new ImageClassifier(TOWER, 3, 7);
    const idx = Array.from({ length: 160 }, (_, i) => i);
    const losses = trainImageClassifier(model, set, idx, { ...DEFAULT_CLASSIFIER_BUDGET, maxSteps: 150, epochs: 100, lr: 1e-2, augment: false }, 1);
    expect(losses).to.have.length(150);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(losses.slice(-10))).to.be.lessThan(0.5 * mean(losses.slice(0, 10)));
    const predicted = predictImages(model, set, idx);
    expect(predicted.filter((p, i) => p === set.labels[i]).length / 160).to.be.greaterThan(0.7);
    model.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('starts fine-tuning from the given tower weights and a fresh head', () => {
    const source = new ParamStore(new Rng(3));
    const tower = new ImageClassifier(TOWER, 2, 1);
    for (const [name, v] of tower.params.entries()) source.get(name.replace('defect_head', 'head.micrograph'), v.shape, 'he');
    const tuned = new ImageClassifier(TOWER, 4, 2, source);
    expect(Array.from(tuned.params.require('micrograph.conv0.w').dataSync())).to.deep.equal(Array.from(source.require('micrograph.conv0.w').dataSync()));
    expect(tuned.params.require('defect_head.w').shape).to.deep.equal([32, 4]);
    expect(() => new ImageClassifier(TOWER, 3, 1, new ParamStore(new Rng(1)))).to.throw(InputError);
    for (const m of [source, tower.params, tuned.params]) m.dispose();
  });

  it('bounds training steps by epochs and the step cap, and batches images unchanged without augmentation', () => {
    expect(budgetSteps({ ...DEFAULT_CLASSIFIER_BUDGET, epochs: 2, batchSize: 10, maxSteps: 100 }, 95)).to.equal(20);
    expect(budgetSteps({ ...DEFAULT_CLASSIFIER_BUDGET, epochs: 50, batchSize: 10, maxSteps: 30 }, 95)).to.equal(30);
    const set = brightSpotSet(4, 2, 8);
    const batch = imageBatch(set, [2, 0]);
    expect(Array.from(batch.pixels.subarray(0, 64))).to.deep.equal(Array.from(set.pixels.subarray(128, 192)));
  });
});
