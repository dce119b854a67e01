// Recommendation examples written in code: a target composition, its precursors, a temperature.
import type { SynthesisExample } from '../../lib/eval/synthesis_examples.js';

/** An example whose target key is the formula map itself (one key per distinct map). */
export function example(id: string, formula: Record<string, number>, precursors: string[], temperatureC: number | null = null): SynthesisExample {
  const composition = new Map(Object.entries(formula));
  return { id, targetKey: JSON.stringify(formula), composition, precursors: [...precursors].sort(), temperatureC };
}
