// A tiny ONNX "text encoder" written byte by byte (protobuf), for testing the pretrained
// text path without any downloaded model: last_hidden_state[b, l] = E[input_ids[b, l]] ·
// attention_mask[b, l], with E a [V, D] embedding table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number | bigint) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, data: ArrayLike<number>) => [...key(field, 2), ...varint(data.length), ...Array.from(data)];
const str = (field: number, s: string) => bytes(field, new TextEncoder().encode(s));

function tensor(name: string, dims: number[], dataType: number, raw: Uint8Array): number[] {
  return [...dims.flatMap((d) => int(1, d)), ...int(2, dataType), ...str(8, name), ...bytes(9, raw)];
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[], attributes: number[][] = []): number[] {
  return [...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, op), ...str(4, op),
    ...attributes.flatMap((a) => bytes(5, a))];
}

const intAttribute = (name: string, value: number) => [...str(1, name), ...int(3, value), ...int(20, 2)];

const FLOAT = 1;
const INT64 = 7;

/** ONNX model bytes for embedding table `table` ([V, D] row-major). */
export function tinyTextOnnx(table: Float32Array, vocabSize: number, dim: number): Uint8Array {
  const axes = new Uint8Array(new BigInt64Array([-1n]).buffer);
  const graph = [
    ...bytes(1, node('Gather', ['E', 'input_ids'], ['g'], [intAttribute('axis', 0)])),
    ...bytes(1, node('Cast', ['attention_mask'], ['mf'], [intAttribute('to', FLOAT)])),
    ...bytes(1, node('Unsqueeze', ['mf', 'axes'], ['mu'])),
    ...bytes(1, node('Mul', ['g', 'mu'], ['last_hidden_state'])),
    ...str(2, 'tiny_text'),
    ...bytes(5, tensor('E', [vocabSize, dim], FLOAT, new Uint8Array(table.buffer.slice(0)))),
    ...bytes(5, tensor('axes', [1], INT64, axes)),
    ...bytes(11, valueInfo('input_ids', INT64, ['batch', 'length'])),
    ...bytes(11, valueInfo('attention_mask', INT64, ['batch', 'length'])),
    ...bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'length', dim])),
  ];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 8), ...str(2, 'matalign-test'), ...bytes(7, graph), ...bytes(8, opset)]);
}

/** Writes config.json and onnx/model.onnx of a tiny BERT-typed model into `dir`. */
export function writeTinyTextModel(dir: string, table: Float32Array, vocabSize: number, dim: number): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const config = { model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, vocab_size: vocabSize };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'onnx', 'model.onnx'), tinyTextOnnx(table, vocabSize, dim));
}
