// One feature thread of featuresOnWorkers (feature_workers.ts): featurises the chunks of
// materials it is sent, in order, and posts their features back.
import { parentPort, workerData } from 'node:worker_threads';
import { materialFeatures } from '../data/paired/features.js';
import { FeatureChunk, FeatureReply, FeatureWorkerInit, fromPlainMaterial } from './feature_workers.js';

const init = workerData as FeatureWorkerInit;
const needs = new Set(init.needs);
parentPort!.on('message', (msg: FeatureChunk) => {
  let reply: FeatureReply;
  try {
    const features = msg.materials.map((p) => materialFeatures(fromPlainMaterial(p), init.data, { seed: init.seed, needs, micrographVariants: init.micrographVariants }));
    reply = { chunk: msg.chunk, features };
  } catch (e) {
    reply = { error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
