// The study's contrastive objective: symmetric InfoNCE with cosine similarity and a
// temperature, L = −1/N Σᵢ log exp(s_ii/τ) / Σₖ exp(s_ik/τ), averaged over both directions
// (a→b and b→a) and summed over modality pairs. Samples missing a modality take no part in
// that pair's term; off-diagonal samples known to be the same material (same composition
// key, same recipe) are false negatives and are removed from the denominators.
import { tf } from '../env.js';

/** Added to the logit of a removed false negative: exp(−1e4) underflows to 0. */
const REMOVED = -1e4;

export interface PairLossOptions {
  /** [B] group id per sample (e.g. composition key index); equal ids off the diagonal are not negatives. */
  readonly groups?: ArrayLike<number>;
}

/**
 * Symmetric InfoNCE of two aligned batches: za [B, D], zb [B, D] unit rows (row i of each is
 * one material), logit scale 1/τ (scalar tensor or number) → scalar loss. B ≥ 1.
 */
export function clipLoss(za: tf.Tensor2D, zb: tf.Tensor2D, logitScale: tf.Scalar | number, options: PairLossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const B = za.shape[0];
    let logits = tf.mul(tf.matMul(za, zb, false, true), logitScale) as tf.Tensor2D; // [B, B]
    if (options.groups) {
      const removed = falseNegativeMask(options.groups);
      if (removed) logits = tf.add(logits, tf.tensor2d(removed, [B, B]));
    }
    const labels = tf.oneHot(tf.range(0, B, 1, 'int32'), B);
    const ab = tf.losses.softmaxCrossEntropy(labels, logits);
    const ba = tf.losses.softmaxCrossEntropy(labels, tf.transpose(logits));
    return tf.div(tf.add(ab, ba), 2) as tf.Scalar;
  });
}

/** [B·B] additive mask: REMOVED where i ≠ k share a group, else 0; null when no pair does. */
export function falseNegativeMask(groups: ArrayLike<number>): Float32Array | null {
  const B = groups.length;
  let any = false;
  const out = new Float32Array(B * B);
  for (let i = 0; i < B; i++) {
    for (let k = 0; k < B; k++) {
      if (i !== k && groups[i] === groups[k]) { out[i * B + k] = REMOVED; any = true; }
    }
  }
  return any ? out : null;
}

/** One modality pair's rows: index into each modality's embedding batch, aligned by material. */
export interface PairRows {
  readonly a: string;
  readonly b: string;
  /** [n] row of each common material in a's embedding batch. */
  readonly rowsA: Int32Array;
  /** [n] row of the same material in b's embedding batch. */
  readonly rowsB: Int32Array;
  /** [n] group id of each material. */
  readonly groups: Int32Array;
}

/**
 * Σ over pairs of clipLoss on the materials that have both modalities (pairs with fewer
 * than 2 such materials contribute nothing). embeddings: modality → [b_m, D].
 */
export function multiPairLoss(
  embeddings: ReadonlyMap<string, tf.Tensor2D>, pairs: readonly PairRows[], logitScale: tf.Scalar | number, maskFalseNegatives = true,
): { total: tf.Scalar; perPair: Map<string, tf.Scalar> } {
  const perPair = new Map<string, tf.Scalar>();
  let total = tf.scalar(0);
  for (const pair of pairs) {
    if (pair.rowsA.length < 2) continue;
    const za = tf.gather(embeddings.get(pair.a)!, tf.tensor1d(pair.rowsA, 'int32')) as tf.Tensor2D;
    const zb = tf.gather(embeddings.get(pair.b)!, tf.tensor1d(pair.rowsB, 'int32')) as tf.Tensor2D;
    const loss = clipLoss(za, zb, logitScale, maskFalseNegatives ? { groups: pair.groups } : {});
    perPair.set(`${pair.a}-${pair.b}`, loss);
    total = tf.add(total, loss);
  }
  return { total, perPair };
}
