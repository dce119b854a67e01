// Characterization towers: a 1-D CNN over XRD profiles on the fixed 2θ grid (simulated and
// measured scans share it) and a 2-D CNN over micrographs. Stride-2 convolutions with ReLU,
// then mean and max pooling over positions (max pooling keeps sharp peaks and columns).
import { tf } from '../env.js';
import type { CnnEncoderConfig } from '../config.js';
import { ParamStore } from './params.js';

/** A batch of XRD profiles. */
export interface PatternBatch {
  readonly batchSize: number;
  /** P. */
  readonly points: number;
  /** [B·P] float32 in [0, 1]: intensity on the 2θ grid, max-normalised. */
  readonly values: Float32Array;
}

/** A batch of single-channel images. */
export interface ImageBatch {
  readonly batchSize: number;
  /** S. */
  readonly size: number;
  /** [B·S·S] float32 in [0, 1], row-major. */
  readonly pixels: Float32Array;
}

/** [B, 2C] float32 (C = last channel count): the XRD tower. */
export function encodePatterns(p: ParamStore, config: CnnEncoderConfig, batch: PatternBatch): tf.Tensor2D {
  let x = tf.tensor3d(batch.values, [batch.batchSize, batch.points, 1]);
  config.channels.forEach((c, i) => {
    const w = p.get(`xrd.conv${i}.w`, [config.kernel, x.shape[2], c], 'he');
    x = tf.relu(tf.add(tf.conv1d(x, w as tf.Tensor3D, 2, 'same'), p.get(`xrd.conv${i}.b`, [c], 'zeros'))) as tf.Tensor3D;
  });
  return tf.concat([tf.mean(x, 1), tf.max(x, 1)], 1) as tf.Tensor2D;
}

/** [B, 2C] float32: the micrograph tower. */
export function encodeImages(p: ParamStore, config: CnnEncoderConfig, batch: ImageBatch): tf.Tensor2D {
  let x = tf.tensor4d(batch.pixels, [batch.batchSize, batch.size, batch.size, 1]);
  config.channels.forEach((c, i) => {
    const w = p.get(`micrograph.conv${i}.w`, [config.kernel, config.kernel, x.shape[3], c], 'he');
    x = tf.relu(tf.add(tf.conv2d(x, w as tf.Tensor4D, 2, 'same'), p.get(`micrograph.conv${i}.b`, [c], 'zeros'))) as tf.Tensor4D;
  });
  return tf.concat([tf.mean(x, [1, 2]), tf.max(x, [1, 2])], 1) as tf.Tensor2D;
}
