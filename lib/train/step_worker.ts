// One data-parallel training thread (see data_parallel.ts): its own TF.js engine and a
// replica of the model. Per step it loads the shared parameters, embeds its part of the
// batch, posts the embeddings, blocks until the main thread has written the loss gradient
// with respect to them, back-propagates that gradient through its towers (the forward pass's
// tape is still held, so nothing is recomputed) and posts the parameter gradients.
import { parentPort, workerData } from 'node:worker_threads';
import type { Modality } from '../config.js';
import { initEngine, tf } from '../env.js';
import { AlignmentModel, ModalityBatches } from '../models/clip_model.js';
import { concatFloat32 } from '../models/params.js';
import type { GradientsMessage, StepMessage, WorkerInit, WorkerReply } from './data_parallel.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  await initEngine(init.backend);
  const model = new AlignmentModel(init.model.config, init.model.dims, init.model.seed, init.model.temperature);
  model.initialize(init.modalities);
  const vars = model.params.entries();
  // The shared parameter layout must be this replica's, name for name and shape for shape.
  const offsets = new Map<string, number>();
  let offset = 0;
  init.layout.names.forEach((name, i) => {
    const v = vars.get(name);
    const shape = init.layout.shapes[i]!;
    if (!v || v.shape.join() !== shape.join()) throw new Error(`worker model lacks parameter ${name} [${shape}]`);
    offsets.set(name, offset);
    offset += v.size;
  });
  const params = new Float32Array(init.paramsBuffer);
  const control = new Int32Array(init.controlBuffer);
  const embeddingGrads = new Float32Array(init.embeddingGradBuffer);

  const loadParams = () => {
    for (const [name, v] of vars) {
      const start = offsets.get(name);
      if (start === undefined) continue;
      // slice(): a private copy, since the main thread rewrites the shared buffer next step.
      tf.tidy(() => v.assign(tf.tensor(params.slice(start, start + v.size), v.shape, 'float32')));
    }
  };

  const step = (msg: StepMessage) => {
    loadParams();
    const modalities = [...msg.batch.rows.keys()] as Modality[];
    const trainable = modalities.flatMap((m) => model.towerVariables(m));
    const { value, grads } = tf.variableGrads(() => {
      const zs = modalities.map((m) => model.embed(m, msg.batch.batches[m] as ModalityBatches[typeof m]));
      const values = zs.map((z) => (z.dataSync() as Float32Array).slice());
      post({ type: 'embeddings', seq: msg.seq, modalities, values }, values.map((v) => v.buffer as ArrayBuffer));
      // Blocks (this thread only) until the main thread stores this step's number.
      Atomics.wait(control, 0, msg.seq - 1);
      if (Atomics.load(control, 0) !== msg.seq) throw new Error(`step ${msg.seq}: gradients of another step arrived`);
      let at = 0;
      const terms = zs.map((z) => {
        const g = tf.tensor2d(embeddingGrads.slice(at, at + z.size), z.shape);
        at += z.size;
        return tf.sum(tf.mul(z, g));
      });
      return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
    }, trainable);
    value.dispose();
    const names: string[] = [], arrays: Float32Array[] = [];
    for (const [k, g] of Object.entries(grads)) {
      names.push(model.params.nameOf(k));
      arrays.push(g.dataSync() as Float32Array);
      g.dispose();
    }
    const packed = concatFloat32(arrays);
    const reply: GradientsMessage = { type: 'gradients', seq: msg.seq, names, values: packed };
    post(reply, [packed.buffer as ArrayBuffer]);
  };

  port.on('message', (msg: StepMessage) => {
    try { step(msg); } catch (e) { post({ type: 'error', message: (e as Error).message }); }
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'error', message: (e as Error).message });
}
