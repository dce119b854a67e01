// The typed shape of one synthesis recipe: materials, operations and their conditions.
import type { Quantity } from './synthesis_units.js';

/** 'solid-state' and 'sol-gel' in the staged data; any other `synthesis_type` is kept as written. */
export type SynthesisKind = 'solid-state' | 'sol-gel' | 'unknown' | (string & {});

/** Values an amount variable (x, y, δ …) takes in the paper. */
export interface VariableValues {
  readonly values: readonly number[];
  readonly min: number | null;
  readonly max: number | null;
}

/** One entry of a material's composition as the record gives it (amounts may be expressions). */
export interface CompositionPart {
  readonly formula: string;
  /** Multiplier of this part, as text ('1', '0.94', '1-x'). */
  readonly amount: string;
  /** Element → amount as text ('2', '0.5', '5.5-x'). */
  readonly elements: Readonly<Record<string, string>>;
}

/** A target or precursor material. */
export interface Material {
  /** As written in the paper (material_string). */
  readonly text: string;
  /** Formula (material_formula); falls back to `text` where the record has none. */
  readonly formula: string;
  /** Name where the paper gave one (sol-gel material_name), else null. */
  readonly name: string | null;
  readonly composition: readonly CompositionPart[];
  /** Amount variables (amounts_vars), e.g. { x: { values: [0.1, 0.2], … } }. */
  readonly amountVariables: Readonly<Record<string, VariableValues>>;
  /** Element variables (elements_vars), e.g. { M: ['Ta', 'Nb'] }. */
  readonly elementVariables: Readonly<Record<string, readonly string[]>>;
  /** Dopants as written ('Eu', 'xEu3+'). */
  readonly additives: readonly string[];
  /** oxygen_deficiency as text (solid-state: 'true'; sol-gel: '-', '+', 'δ' …), or null. */
  readonly oxygenDeficiency: string | null;
  /** Materials Project id (solid-state 2019 only), or null. */
  readonly mpId: string | null;
}

/** One synthesis step, conditions in normalised units. */
export interface Operation {
  /** Operation class as in the record: HeatingOperation, Mixing, MixingOperation, DryingOperation … */
  readonly type: string;
  /** The word in the paper ('calcined', 'ground', 'dissolved'). */
  readonly token: string;
  /** Temperatures, °C. */
  readonly temperatures: readonly Quantity[];
  /** Durations, h. */
  readonly times: readonly Quantity[];
  readonly atmospheres: readonly string[];
  readonly devices: readonly string[];
  readonly media: readonly string[];
}

export interface Recipe {
  /** `<file name>:<line>`: unique and stable for a file (the records carry no id). */
  readonly id: string;
  readonly source: string;
  /** 1-based line in the file. */
  readonly line: number;
  readonly kind: SynthesisKind;
  readonly doi: string | null;
  readonly target: Material;
  /** Concrete target compositions listed by the record (targets_string). */
  readonly targetMembers: readonly string[];
  readonly precursors: readonly Material[];
  /** In the order of the paper. */
  readonly operations: readonly Operation[];
  /** Balanced reaction (reaction_string), or null. */
  readonly reaction: string | null;
  /** The 105-character excerpt of the paragraph (paragraph_string); '' where absent. */
  readonly excerpt: string;
  /** The data's normalised target key (`_split_key`), or null where absent. */
  readonly splitKey: string | null;
  /** Defects of a kept record (unknown unit, missing operations …). */
  readonly warnings: readonly string[];
}
