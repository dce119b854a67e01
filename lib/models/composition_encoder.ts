// Composition tower: a set encoder over (element, fraction) pairs (Deep Sets with
// fraction-weighted pooling), so a recipe's target with no known structure still has an
// embedding. Element features (electronegativity, radius …) sit beside a learned embedding.
import { tf } from '../env.js';
import type { CompositionEncoderConfig } from '../config.js';
import { ELEMENT_VOCAB } from './crystal_encoder.js';
import { embedding, layerNorm, linear, mlp } from './layers.js';
import { ParamStore } from './params.js';

/** A batch of compositions, padded to M elements (row-major). */
export interface CompositionBatch {
  readonly batchSize: number;
  /** M. */
  readonly maxElements: number;
  /** [B·M] int32: atomic numbers, 0 for padding. */
  readonly elements: Int32Array;
  /** [B·M] float32: atom fractions (each row sums to 1; 0 for padding). */
  readonly fractions: Float32Array;
  /** [B·M·F] float32: per-element features (0 for padding). */
  readonly elementFeatures: Float32Array;
}

/** [B, H] float32: Σ_m f_m φ(e_m, f_m), then ρ. Invariant to element order. */
export function encodeCompositions(p: ParamStore, config: CompositionEncoderConfig, batch: CompositionBatch): tf.Tensor2D {
  const { batchSize: B, maxElements: M } = batch;
  const H = config.hidden;
  const F = batch.elementFeatures.length / (B * M);
  const frac = tf.tensor2d(batch.fractions, [B * M, 1]);
  const feats = tf.tensor2d(batch.elementFeatures, [B * M, F]);
  const emb = embedding(p, 'composition.element', tf.tensor1d(batch.elements, 'int32'), ELEMENT_VOCAB, H);
  const input = tf.add(tf.add(emb, linear(p, 'composition.features', feats, H)), linear(p, 'composition.fraction', frac, H));
  const phi = layerNorm(p, 'composition.norm', mlp(p, 'composition.phi', tf.relu(input) as tf.Tensor2D, H, H));
  const pooled = tf.sum(tf.mul(phi.reshape([B, M, H]), frac.reshape([B, M, 1])), 1) as tf.Tensor2D;
  return mlp(p, 'composition.rho', pooled, H, H);
}
