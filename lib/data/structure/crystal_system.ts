// The crystal system of an International Tables space-group number (1–230).
import { InputError } from '../../errors.js';

export const CRYSTAL_SYSTEM_NAMES = ['triclinic', 'monoclinic', 'orthorhombic', 'tetragonal', 'trigonal', 'hexagonal', 'cubic'] as const;
export type CrystalSystem = (typeof CRYSTAL_SYSTEM_NAMES)[number];

/** Last space-group number of each system, in CRYSTAL_SYSTEM_NAMES order (ITA vol. A). */
const LAST_NUMBER = [2, 15, 74, 142, 167, 194, 230];

/** The crystal system of space group `number`; an integer outside 1–230 is an InputError. */
export function crystalSystemOf(number: number): CrystalSystem {
  if (!Number.isInteger(number) || number < 1 || number > 230) throw new InputError(`space-group number must be an integer in 1–230, got ${number}`);
  return CRYSTAL_SYSTEM_NAMES[LAST_NUMBER.findIndex((last) => number <= last)]!;
}
