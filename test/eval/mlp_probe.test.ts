import { expect } from 'chai';
import { initEngine, tf } from '../../lib/env.js';
import { toMatrix } from '../../lib/eval/feature_matrix.js';
import { fitMlp, mlpOutputs } from '../../lib/eval/mlp_probe.js';
import { Rng } from '../../lib/rng.js';

function data(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => [rng.normal(), rng.normal()]);
  return { x, y: x.map(([a, b]) => a! + 2 * b!), labels: x.map(([a, b]) => (a! + b! > 0 ? 1 : 0)) };
}

describe('MLP probe', () => {
  before(async () => { await initEngine('cpu'); });

  it('fits a smooth regression better than the mean, deterministically, without leaking tensors', async () => {
    const { x, y } = data(80, 1);
    const before = tf.memory().numTensors;
    const options = { hidden: [16, 16], maxEpochs: 60, learningRate: 0.01, seed: 3 };
    const model = await fitMlp(toMatrix(x), y, 'regression', 1, options);
    const pred = mlpOutputs(model, toMatrix(x));
    expect(tf.memory().numTensors).to.equal(before);
    const mse = y.reduce((a, v, i) => a + (v - pred[i]!) ** 2, 0) / y.length;
    const variance = y.reduce((a, v) => a + v * v, 0) / y.length;
    expect(mse).to.be.below(0.1 * variance);
    const again = mlpOutputs(await fitMlp(toMatrix(x), y, 'regression', 1, options), toMatrix(x));
    expect(Array.from(again)).to.deep.equal(Array.from(pred));
  });

  it('classifies separable data with no hidden layer (softmax regression)', async () => {
    const { x, labels } = data(60, 2);
    const model = await fitMlp(toMatrix(x), labels, 'classification', 2, { hidden: [], maxEpochs: 80, learningRate: 0.05, seed: 1 });
    const p = mlpOutputs(model, toMatrix(x));
    const correct = labels.filter((l, i) => (p[2 * i + 1]! > p[2 * i]! ? 1 : 0) === l).length;
    expect(correct / labels.length).to.be.at.least(0.95);
    expect(p[0]! + p[1]!).to.be.closeTo(1, 1e-5);
  });
});
