// Optional frozen pretrained text encoder: an ONNX transformer (e.g. a BERT exported with
// Optimum) run by @huggingface/transformers on onnxruntime-node, loaded only from local
// files (no downloads), pooled to one vector per text. Used where a user has such a model;
// the default text tower is trained from scratch on the project's own tokenizer.
import { AutoModel, AutoTokenizer, Tensor, env } from '@huggingface/transformers';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.js';

export interface PretrainedTextOptions {
  /** Directory holding the model folder (becomes transformers' env.localModelPath). */
  readonly modelDir: string;
  /** Model folder name inside modelDir, with config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx. */
  readonly model: string;
  /** 'mean' over real tokens (default) or the first token ('cls'). */
  readonly pooling?: 'mean' | 'cls';
  /** L2-normalise each embedding; default true. */
  readonly normalize?: boolean;
  /** Truncation limit in tokens; default 128. */
  readonly maxLength?: number;
}

/** [B, D] float32 row-major: one embedding per text. */
export interface TextEmbeddings {
  readonly data: Float32Array;
  /** B. */
  readonly batchSize: number;
  /** D. */
  readonly dim: number;
}

export interface PretrainedTextEncoder {
  /** Embeds texts ([B] strings → [B, D]). */
  embed(texts: readonly string[]): Promise<TextEmbeddings>;
  /** Releases the ONNX session. */
  dispose(): Promise<void>;
}

export class PretrainedModelError extends InputError {}

/** The files a local model folder needs, relative to it. */
export const PRETRAINED_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

/** Files of PRETRAINED_MODEL_FILES missing from `modelDir/model` (empty when the model can load). */
export async function missingModelFiles(modelDir: string, model: string): Promise<string[]> {
  const missing: string[] = [];
  for (const f of PRETRAINED_MODEL_FILES) {
    try {
      if (!(await stat(join(modelDir, model, f))).isFile()) missing.push(f);
    } catch {
      missing.push(f);
    }
  }
  return missing;
}

/**
 * Pools a last hidden state [B, L, D] with an attention mask [B, L] into [B, D]:
 * mean over positions with mask 1, or position 0; optionally L2-normalised.
 */
export function poolHiddenStates(
  hidden: Float32Array, mask: ArrayLike<number | bigint>, dims: readonly [number, number, number],
  pooling: 'mean' | 'cls' = 'mean', normalize = true,
): TextEmbeddings {
  const [B, L, D] = dims;
  const out = new Float32Array(B * D);
  for (let b = 0; b < B; b++) {
    const row = out.subarray(b * D, (b + 1) * D);
    let count = 0;
    for (let l = 0; l < (pooling === 'cls' ? 1 : L); l++) {
      if (pooling === 'mean' && Number(mask[b * L + l]) === 0) continue;
      count++;
      for (let d = 0; d < D; d++) row[d] += hidden[(b * L + l) * D + d]!;
    }
    if (count > 0) for (let d = 0; d < D; d++) row[d] /= count;
    if (normalize) {
      const norm = Math.hypot(...row) || 1;
      for (let d = 0; d < D; d++) row[d] /= norm;
    }
  }
  return { data: out, batchSize: B, dim: D };
}

/**
 * Loads a local ONNX text model. Remote downloads are switched off for the whole process
 * (env.allowRemoteModels = false) and env.localModelPath is set to `modelDir`.
 * Throws PretrainedModelError naming the missing files where the folder is incomplete.
 */
export async function loadPretrainedTextEncoder(options: PretrainedTextOptions): Promise<PretrainedTextEncoder> {
  const missing = await missingModelFiles(options.modelDir, options.model);
  if (missing.length) {
    throw new PretrainedModelError(`pretrained text model ${join(options.modelDir, options.model)} lacks ${missing.join(', ')}`);
  }
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = options.modelDir.endsWith('/') ? options.modelDir : `${options.modelDir}/`;
  const load = { local_files_only: true } as const;
  const tokenizer = await AutoTokenizer.from_pretrained(options.model, load);
  const model = await AutoModel.from_pretrained(options.model, { ...load, dtype: 'fp32', device: 'cpu' });
  const maxLength = options.maxLength ?? 128;
  return {
    async embed(texts) {
      if (texts.length === 0) return { data: new Float32Array(0), batchSize: 0, dim: 0 };
      const inputs = tokenizer([...texts], { padding: true, truncation: true, max_length: maxLength });
      const outputs = (await model(inputs)) as Record<string, Tensor>;
      const hidden = outputs.last_hidden_state ?? Object.values(outputs)[0];
      if (!hidden || hidden.dims.length !== 3) throw new PretrainedModelError(`model output is not [B, L, D]: ${hidden?.dims}`);
      const mask = inputs.attention_mask as Tensor;
      const dims = hidden.dims as [number, number, number];
      return poolHiddenStates(hidden.data as Float32Array, mask.data as BigInt64Array, dims, options.pooling, options.normalize ?? true);
    },
    async dispose() {
      await model.dispose();
    },
  };
}
