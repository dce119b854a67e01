// Characterization towers: a 1-D CNN over XRD profiles on the fixed 2θ grid (simulated and
// measured scans share it) and a 2-D CNN over micrographs, both of stride-2 convolutions
// with ReLU. Where a peak sits (2θ) is what identifies a phase, so the pattern tower keeps
// position: its last feature map is flattened into a dense layer, not pooled. A micrograph's
// field, rotation and origin are random, so the image tower pools globally, and reads the
// image's centred log power spectrum as a second channel: lattice spacings appear there as
// sharp spots wherever the columns sit (computed in-model as DFT-matrix products).
import { tf } from '../env.js';
import type { CnnEncoderConfig } from '../config.js';
import { linear } from './layers.js';
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

/** [B, H] float32: the XRD tower (H = `hidden`); P must be the run's profile length. */
export function encodePatterns(p: ParamStore, config: CnnEncoderConfig, hidden: number, batch: PatternBatch): tf.Tensor2D {
  let x = tf.tensor3d(batch.values, [batch.batchSize, batch.points, 1]);
  config.channels.forEach((c, i) => {
    const w = p.get(`xrd.conv${i}.w`, [config.kernel, x.shape[2], c], 'he');
    x = tf.relu(tf.add(tf.conv1d(x, w as tf.Tensor3D, 2, 'same'), p.get(`xrd.conv${i}.b`, [c], 'zeros'))) as tf.Tensor3D;
  });
  const flat = x.reshape([batch.batchSize, x.shape[1] * x.shape[2]]) as tf.Tensor2D;
  return tf.relu(linear(p, 'xrd.dense', flat, hidden, true, 'he')) as tf.Tensor2D;
}

/** Cosine and sine DFT matrices [S, S] with rows in fftshift order (zero frequency in the middle). */
function dftMatrices(S: number): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const c = new Float32Array(S * S), s = new Float32Array(S * S);
  for (let r = 0; r < S; r++) {
    const k = (r + Math.floor(S / 2)) % S;
    for (let n = 0; n < S; n++) {
      const a = (2 * Math.PI * k * n) / S;
      c[r * S + n] = Math.cos(a);
      s[r * S + n] = Math.sin(a);
    }
  }
  return { cos: tf.tensor2d(c, [S, S]), sin: tf.tensor2d(s, [S, S]) };
}

/**
 * [B, S, S] → [B, S, S]: log(1 + |F|²) of the Hann-windowed image, F = W X Wᵀ with W = C − iS:
 * Re F = C X Cᵀ − S X Sᵀ, Im F = −(C X Sᵀ + S X Cᵀ); scaled per image to max 1.
 */
export function logPowerSpectrum(images: tf.Tensor3D): tf.Tensor3D {
  const [B, S] = images.shape;
  const hann = tf.tensor1d(Float32Array.from({ length: S }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (S - 1))));
  const window = tf.outerProduct(hann, hann);
  const { cos, sin } = dftMatrices(S);
  const x = tf.mul(tf.sub(images, tf.mean(images, [1, 2], true)), window).reshape([B * S, S]) as tf.Tensor2D;
  // Right products over columns: [B·S, S] · [S, S]ᵀ, then left products over rows via a transpose.
  const xc = tf.matMul(x, cos, false, true).reshape([B, S, S]).transpose([0, 2, 1]).reshape([B * S, S]) as tf.Tensor2D;
  const xs = tf.matMul(x, sin, false, true).reshape([B, S, S]).transpose([0, 2, 1]).reshape([B * S, S]) as tf.Tensor2D;
  const re = tf.sub(tf.matMul(xc, cos, false, true), tf.matMul(xs, sin, false, true));
  const im = tf.add(tf.matMul(xs, cos, false, true), tf.matMul(xc, sin, false, true));
  const power = tf.log1p(tf.add(tf.square(re), tf.square(im))).reshape([B, S, S]).transpose([0, 2, 1]) as tf.Tensor3D;
  return tf.div(power, tf.maximum(tf.max(power, [1, 2], true), 1e-6)) as tf.Tensor3D;
}

/** [B, 2C] float32 (C = last channel count): the micrograph tower, image and its power spectrum as two channels. */
export function encodeImages(p: ParamStore, config: CnnEncoderConfig, batch: ImageBatch): tf.Tensor2D {
  const B = batch.batchSize, S = batch.size;
  const image = tf.tensor3d(batch.pixels, [B, S, S]);
  let x = tf.stack([image, logPowerSpectrum(image)], 3) as tf.Tensor4D;
  config.channels.forEach((c, i) => {
    const w = p.get(`micrograph.conv${i}.w`, [config.kernel, config.kernel, x.shape[3], c], 'he');
    x = tf.relu(tf.add(tf.conv2d(x, w as tf.Tensor4D, 2, 'same'), p.get(`micrograph.conv${i}.b`, [c], 'zeros'))) as tf.Tensor4D;
  });
  return tf.concat([tf.mean(x, [1, 2]), tf.max(x, [1, 2])], 1) as tf.Tensor2D;
}
