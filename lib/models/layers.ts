// Functional layers over ParamStore parameters: each call names its parameters by prefix,
// so a tower's weights are created on first use and shared by every later call.
import { tf } from '../env.js';
import { Init, ParamStore } from './params.js';

/** [..., out] = x [..., in] · W [in, out] + b; x is 2-D ([rows, in]). */
export function linear(p: ParamStore, name: string, x: tf.Tensor2D, out: number, bias = true, init: Init = 'glorot'): tf.Tensor2D {
  const w = p.get(`${name}.w`, [x.shape[1], out], init);
  const y = tf.matMul(x, w as tf.Tensor2D) as tf.Tensor2D;
  return bias ? (tf.add(y, p.get(`${name}.b`, [out], 'zeros')) as tf.Tensor2D) : y;
}

/** Layer normalisation over the last axis, learned gain and bias. */
export function layerNorm(p: ParamStore, name: string, x: tf.Tensor2D, eps = 1e-5): tf.Tensor2D {
  const width = x.shape[1];
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, p.get(`${name}.g`, [width], 'ones')), p.get(`${name}.b`, [width], 'zeros'));
}

/** Rows of an embedding table: ids [n] int32 → [n, width]. */
export function embedding(p: ParamStore, name: string, ids: tf.Tensor1D, vocab: number, width: number): tf.Tensor2D {
  return tf.gather(p.get(`${name}.table`, [vocab, width], { normal: 0.1 }), ids) as tf.Tensor2D;
}

/** Two-layer perceptron with a ReLU between: [rows, in] → [rows, out]. */
export function mlp(p: ParamStore, name: string, x: tf.Tensor2D, hidden: number, out: number): tf.Tensor2D {
  return linear(p, `${name}.1`, tf.relu(linear(p, `${name}.0`, x, hidden, true, 'he')), out);
}

/** Mean over the rows a mask keeps: x [B, N, H], mask [B, N] (1 keep, 0 padding) → [B, H]. */
export function maskedMean(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const m = tf.expandDims(mask, 2);
  return tf.div(tf.sum(tf.mul(x, m), 1), tf.maximum(tf.sum(m, 1), 1e-6)) as tf.Tensor2D;
}

/** Rows scaled to unit L2 norm: [B, D] → [B, D]. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-12)));
}
