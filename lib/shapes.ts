// Dimension legend used in every shape comment, and a runtime shape check.
//   B  batch (materials)          D  shared embedding dimension
//   N  atoms per crystal (padded) K  neighbours per atom    F  node features   G  Gaussian basis size
//   H  hidden width of a tower    M  elements per composition (padded)
//   L  tokens (padded)            V  vocabulary size        A  attention heads
//   P  points of an XRD profile   S  image side, px         C  channels
import { InputError } from './errors.js';

export class ShapeError extends InputError {}

/** Throws ShapeError unless `shape` equals `expected` (null matches any size). */
export function assertShape(name: string, shape: readonly number[], expected: readonly (number | null)[]): void {
  const ok = shape.length === expected.length && expected.every((e, i) => e === null || e === shape[i]);
  if (!ok) throw new ShapeError(`${name}: shape [${shape.join(', ')}], expected [${expected.map((e) => e ?? '*').join(', ')}]`);
}
