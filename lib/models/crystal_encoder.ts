// Structure tower: message passing over the periodic neighbour graph of a crystal, pooled
// to one vector per crystal. Only interatomic distances enter, so the output is invariant
// to rotation and translation; sums over neighbours and a mean over atoms make it
// invariant to atom order and (up to ties at the K-th neighbour) to the choice of supercell.
import { tf } from '../env.js';
import type { GraphEncoderConfig } from '../config.js';
import type { GraphBatch } from '../data/structure/graph.js';

/** Width of GraphBatch.globals (volume per atom, density): lib/data/structure/graph.ts. */
export const GLOBAL_FEATURE_DIM = 2;
import { embedding, layerNorm, linear, maskedMean } from './layers.js';
import { ParamStore } from './params.js';

/** Atomic numbers index the learned element embedding: rows 0 (padding) … 118. */
export const ELEMENT_VOCAB = 119;

export interface GraphInputInfo {
  /** Neighbour cutoff, Å: the Gaussian basis spans 0 … cutoff. */
  readonly cutoff: number;
}

/** Gaussian expansion of distances: d [E, 1] Å → [E, G], exp(−(d − μ_g)² / σ²), σ = spacing. */
function gaussianExpand(d: tf.Tensor2D, count: number, cutoff: number): tf.Tensor2D {
  const step = cutoff / (count - 1);
  const centers = tf.linspace(0, cutoff, count).reshape([1, count]);
  return tf.exp(tf.div(tf.neg(tf.square(tf.sub(d, centers))), step * step)) as tf.Tensor2D;
}

/**
 * One gcn3d layer, the study's H⁽ˡ⁺¹⁾ = ReLU(Ã H⁽ˡ⁾ W⁽ˡ⁾ + H⁽ˡ⁾ W_s⁽ˡ⁾): Ã_ij = a_ij / Σ_j a_ij with
 * a_ij = softplus(e_ij · θ⁽ˡ⁾) over the K neighbours (e_ij the Gaussian-expanded distance),
 * so the adjacency is learned per distance and row-normalised. Multiply (H W) before the
 * gather: [B·N, H] rows are fewer than [B·N·K] edges. A layer norm follows for stable depth.
 */
function gcn3dLayer(p: ParamStore, name: string, h: tf.Tensor2D, basis: tf.Tensor2D, idx: tf.Tensor1D, mask: tf.Tensor2D, K: number): tf.Tensor2D {
  const [rows, H] = h.shape;
  const a = tf.mul(tf.softplus(linear(p, `${name}.adj`, basis, 1)), mask).reshape([rows, K, 1]); // [B·N, K, 1]
  const adj = tf.div(a, tf.add(tf.sum(a, 1, true), 1e-6));
  const hw = linear(p, `${name}.w`, h, H, false);
  const messages = tf.mul(tf.gather(hw, idx).reshape([rows, K, H]), adj);
  const out = tf.relu(tf.add(tf.sum(messages, 1), linear(p, `${name}.self`, h, H)));
  return layerNorm(p, `${name}.norm`, out as tf.Tensor2D);
}

/**
 * One CGCNN layer (Xie & Grossman 2018): z_ij = [h_i, h_j, e_ij] W + b split into a filter
 * and a core; h_i ← softplus(h_i + Σ_j σ(filter_ij) ⊙ softplus(core_ij)). The concatenation
 * is written as three products (h_i W_i + h_j W_j + e_ij W_e) so that the gather moves [B·N, 2H].
 */
function cgcnnLayer(p: ParamStore, name: string, h: tf.Tensor2D, basis: tf.Tensor2D, idx: tf.Tensor1D, mask: tf.Tensor2D, K: number): tf.Tensor2D {
  const [rows, H] = h.shape;
  const zi = linear(p, `${name}.self`, h, 2 * H).reshape([rows, 1, 2 * H]);
  const zj = tf.gather(linear(p, `${name}.nbr`, h, 2 * H, false), idx).reshape([rows, K, 2 * H]);
  const ze = linear(p, `${name}.edge`, basis, 2 * H, false).reshape([rows, K, 2 * H]);
  const z = tf.add(tf.add(zi, zj), ze);
  const [filter, core] = tf.split(z, 2, 2);
  const gated = tf.mul(tf.mul(tf.sigmoid(filter!), tf.softplus(core!)), mask.reshape([rows, K, 1]));
  return layerNorm(p, `${name}.norm`, tf.softplus(tf.add(h, tf.sum(gated, 1))) as tf.Tensor2D);
}

/**
 * [B, H] float32: one vector per crystal of a padded graph batch (lib/data/structure/graph.ts:
 * nodeFeatures [B·N·F], atomicNumbers [B·N], neighborIndex [B·N·K] global rows,
 * neighborDistance [B·N·K] Å, neighborMask [B·N·K], atomMask [B·N]).
 */
export function encodeCrystals(p: ParamStore, config: GraphEncoderConfig, batch: GraphBatch, info: GraphInputInfo): tf.Tensor2D {
  const { batchSize: B, maxAtoms: N, maxNeighbors: K } = batch;
  const H = config.hidden;
  const F = batch.nodeFeatures.length / (B * N);
  const x = tf.tensor2d(batch.nodeFeatures, [B * N, F]);
  const z = tf.tensor1d(batch.atomicNumbers, 'int32');
  let h = tf.relu(tf.add(linear(p, 'structure.in', x, H), embedding(p, 'structure.element', z, ELEMENT_VOCAB, H))) as tf.Tensor2D;
  const idx = tf.tensor1d(batch.neighborIndex, 'int32');
  const mask = tf.tensor2d(batch.neighborMask, [B * N * K, 1]);
  const basis = tf.mul(gaussianExpand(tf.tensor2d(batch.neighborDistance, [B * N * K, 1]), config.gaussians, info.cutoff), mask) as tf.Tensor2D;
  const layer = config.kind === 'cgcnn' ? cgcnnLayer : gcn3dLayer;
  for (let l = 0; l < config.layers; l++) h = layer(p, `structure.${config.kind}${l}`, h, basis, idx, mask, K);
  const pooled = maskedMean(h.reshape([B, N, H]), tf.tensor2d(batch.atomMask, [B, N]));
  // Crystal-level features (volume per atom, density) join after pooling: they set the
  // lattice scale that XRD peak positions and image spacings depend on.
  const globals = tf.tensor2d(batch.globals ?? new Float32Array(B * GLOBAL_FEATURE_DIM), [B, GLOBAL_FEATURE_DIM]);
  return tf.add(pooled, linear(p, 'structure.globals', globals, H)) as tf.Tensor2D;
}
