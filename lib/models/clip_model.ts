// The aligned model: one tower per modality, a linear projection head each into the shared
// D-dim space (L2-normalised), and the learned logit scale 1/τ of the contrastive loss.
import { Rng, tf } from '../env.js';
import type { Modality, ModelConfig } from '../config.js';
import type { GraphBatch } from '../data/structure/graph.js';
import type { EncodedBatch } from '../data/synthesis/tokenizer.js';
import { encodeCompositions, CompositionBatch } from './composition_encoder.js';
import { encodeCrystals } from './crystal_encoder.js';
import { encodeImages, encodePatterns, ImageBatch, PatternBatch } from './cnn_encoders.js';
import { l2Normalize, linear } from './layers.js';
import { ParamStore } from './params.js';
import { encodeTexts } from './text_encoder.js';

export type { CompositionBatch } from './composition_encoder.js';
export type { ImageBatch, PatternBatch } from './cnn_encoders.js';

/** The input batch of each modality. */
export interface ModalityBatches {
  structure: GraphBatch;
  composition: CompositionBatch;
  text: EncodedBatch;
  xrd: PatternBatch;
  micrograph: ImageBatch;
}

export interface ModelDimensions {
  /** Neighbour cutoff of the graphs, Å. */
  readonly cutoff: number;
  /** V of the trained tokenizer. */
  readonly vocabSize: number;
  /** F of graph node features and of composition element features. */
  readonly nodeFeatures: number;
  readonly elementFeatures: number;
  /** P of the XRD profiles (the pattern tower's dense layer depends on it). */
  readonly xrdPoints: number;
}

export class AlignmentModel {
  readonly params: ParamStore;

  constructor(readonly config: ModelConfig, readonly dims: ModelDimensions, seed: number, initialTemperature = 0.07) {
    this.params = new ParamStore(new Rng(seed).fork('init'));
    this.params.get('logit_scale', [], { constant: Math.log(1 / initialTemperature) });
  }

  /** [b, H_m]: the tower of one modality, before the projection head. */
  towerFeatures<M extends Modality>(modality: M, batch: ModalityBatches[M]): tf.Tensor2D {
    const c = this.config;
    switch (modality) {
      case 'structure': return encodeCrystals(this.params, c.structure, batch as GraphBatch, { cutoff: this.dims.cutoff });
      case 'composition': return encodeCompositions(this.params, c.composition, batch as CompositionBatch);
      case 'text': return encodeTexts(this.params, c.text, this.dims.vocabSize, batch as EncodedBatch);
      case 'xrd': return encodePatterns(this.params, c.xrd, c.structure.hidden, batch as PatternBatch);
      case 'micrograph': return encodeImages(this.params, c.micrograph, batch as ImageBatch);
      default: throw new Error(`unknown modality ${String(modality)}`);
    }
  }

  /** [b, D] float32, unit rows: embeddings of one modality's batch in the shared space. */
  embed<M extends Modality>(modality: M, batch: ModalityBatches[M]): tf.Tensor2D {
    return tf.tidy(() => l2Normalize(linear(this.params, `head.${modality}`, this.towerFeatures(modality, batch), this.config.dim)));
  }

  /** The parameters of one modality's tower and projection head (not the shared log scale). */
  towerVariables(modality: Modality): tf.Variable[] {
    return [...this.params.variablesOf(`${modality}.`), ...this.params.variablesOf(`head.${modality}.`)];
  }

  /** Scalar 1/τ, exp of the learned log scale. */
  logitScale(): tf.Scalar {
    return tf.exp(this.params.require('logit_scale')) as tf.Scalar;
  }

  /** Creates every parameter (they are made on first use) by embedding a two-sample dummy batch per modality. */
  initialize(modalities: readonly Modality[]): void {
    for (const m of modalities) tf.dispose(this.embed(m, dummyBatch(m, this.dims, this.config)));
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** A two-sample batch of the right shapes (values irrelevant), for creating parameters. */
function dummyBatch<M extends Modality>(modality: M, dims: ModelDimensions, config: ModelConfig): ModalityBatches[M] {
  const B = 2;
  const batches: { [K in Modality]: () => ModalityBatches[K] } = {
    structure: () => ({
      batchSize: B, maxAtoms: 1, maxNeighbors: 1, ids: ['a', 'b'], nodeFeatures: new Float32Array(B * dims.nodeFeatures),
      atomicNumbers: new Int32Array([1, 1]), atomMask: new Float32Array([1, 1]), neighborIndex: new Int32Array([0, 1]),
      neighborDistance: new Float32Array([1, 1]), neighborMask: new Float32Array([1, 1]),
    }),
    composition: () => ({ batchSize: B, maxElements: 1, elements: new Int32Array([1, 1]), fractions: new Float32Array([1, 1]), elementFeatures: new Float32Array(B * dims.elementFeatures) }),
    text: () => ({ batchSize: B, length: 2, ids: new Int32Array(4), mask: new Int32Array([1, 1, 1, 1]) }),
    xrd: () => ({ batchSize: B, points: dims.xrdPoints, values: new Float32Array(B * dims.xrdPoints) }),
    micrograph: () => { const S = 2 ** config.micrograph.channels.length; return { batchSize: B, size: S, pixels: new Float32Array(B * S * S) }; },
  };
  return batches[modality]();
}
