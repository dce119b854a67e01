// Text tower: a pre-norm Transformer encoder (multi-head self-attention with a padding
// mask, sinusoidal positions, ReLU feed-forward) over the project's WordPiece ids, mean-
// pooled over real tokens. Matmuls are written in 2-D form ([B·L, d]) and attention as
// batched [B·A, L, d_h] products, the forms the wasm kernels run fastest.
import { tf } from '../env.js';
import type { TextEncoderConfig } from '../config.js';
import type { EncodedBatch } from '../data/synthesis/tokenizer.js';
import { embedding, layerNorm, linear, maskedMean } from './layers.js';
import { ParamStore } from './params.js';

/** [L, d] float32: sin/cos positional encoding (Vaswani et al. 2017). */
export function sinusoidalPositions(length: number, width: number): Float32Array {
  const out = new Float32Array(length * width);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; i < width; i++) {
      const angle = pos / 10000 ** ((2 * Math.floor(i / 2)) / width);
      out[pos * width + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

/** Self-attention over x [B·L, d] with additive mask bias [B·A, 1, L] → [B·L, d]. */
function attention(p: ParamStore, name: string, x: tf.Tensor2D, bias: tf.Tensor3D, B: number, L: number, heads: number): tf.Tensor2D {
  const d = x.shape[1];
  const dh = d / heads;
  const split = (t: tf.Tensor2D) => t.reshape([B, L, heads, dh]).transpose([0, 2, 1, 3]).reshape([B * heads, L, dh]) as tf.Tensor3D;
  const q = split(linear(p, `${name}.q`, x, d));
  const k = split(linear(p, `${name}.k`, x, d));
  const v = split(linear(p, `${name}.v`, x, d));
  const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)), bias); // [B·A, L, L]
  const out = tf.matMul(tf.softmax(scores), v).reshape([B, heads, L, dh]).transpose([0, 2, 1, 3]).reshape([B * L, d]) as tf.Tensor2D;
  return linear(p, `${name}.o`, out, d);
}

/** [B, H] float32: one vector per description; ids [B·L] and mask [B·L] from SynthesisTokenizer.encodeBatch. */
export function encodeTexts(p: ParamStore, config: TextEncoderConfig, vocabSize: number, batch: EncodedBatch): tf.Tensor2D {
  const { batchSize: B, length: L } = batch;
  const d = config.hidden;
  if (L > config.maxLength) throw new RangeError(`text batch length ${L} > maxLength ${config.maxLength}`);
  const ids = tf.tensor1d(batch.ids, 'int32');
  const positions = tf.tensor2d(sinusoidalPositions(L, d), [L, d]);
  let x = tf.add(tf.mul(embedding(p, 'text.token', ids, vocabSize, d), Math.sqrt(d)).reshape([B, L, d]), positions).reshape([B * L, d]) as tf.Tensor2D;
  const mask = tf.tensor2d(Float32Array.from(batch.mask), [B, L]);
  // Padding keys get −1e9 before the softmax: [B, 1, 1, L] → [B·A, 1, L].
  const bias = tf.mul(tf.sub(1, mask), -1e9).reshape([B, 1, 1, L]).tile([1, config.heads, 1, 1]).reshape([B * config.heads, 1, L]) as tf.Tensor3D;
  for (let l = 0; l < config.layers; l++) {
    const name = `text.layer${l}`;
    x = tf.add(x, attention(p, `${name}.att`, layerNorm(p, `${name}.norm1`, x), bias, B, L, config.heads));
    const ff = linear(p, `${name}.ff2`, tf.relu(linear(p, `${name}.ff1`, layerNorm(p, `${name}.norm2`, x), config.ff, true, 'he')) as tf.Tensor2D, d);
    x = tf.add(x, ff);
  }
  x = layerNorm(p, 'text.final', x);
  return maskedMean(x.reshape([B, L, d]), mask);
}
