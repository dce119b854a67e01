import { expect } from 'chai';
import { describeEngine, initEngine, parseBackendRequest, tf } from '../lib/env.js';
import { InputError } from '../lib/errors.js';

describe('engine', () => {
  it('reads backend names and rejects unknown ones', () => {
    expect(parseBackendRequest(undefined)).to.equal('auto');
    expect(parseBackendRequest('wasm')).to.equal('wasm');
    expect(() => parseBackendRequest('tpu')).to.throw(InputError, /unknown backend 'tpu'/);
  });

  it('auto picks a backend that starts and says what it skipped', async () => {
    const info = await initEngine('auto');
    expect(['tensorflow', 'webgpu', 'wasm']).to.include(info.backend);
    expect(tf.getBackend()).to.equal(info.backend);
    if (info.backend === 'wasm') {
      expect(info.notes.join(' ')).to.match(/tfjs-node/);
      expect(info.projectKernels).to.include.members(['UnsortedSegmentSum', 'BatchMatMul', 'Slice', 'SplitV', 'Conv2DBackpropFilter']);
    }
    expect(describeEngine(info)).to.match(/^backend /);
  });

  it('switches to the cpu backend with its segment-sum and fused AdamW kernels on request', async () => {
    const info = await initEngine('cpu');
    expect(info.backend).to.equal('cpu');
    expect(info.projectKernels).to.deep.equal(['UnsortedSegmentSum', 'MatalignAdamWUpdate']);
    await initEngine('wasm');
  });
});
