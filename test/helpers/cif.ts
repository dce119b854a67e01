// Small CIFs written in code for tests.
export interface CifSpec {
  readonly cell: readonly [number, number, number, number, number, number];
  readonly sites: readonly (readonly [string, number, number, number, number?])[];
  readonly ops?: readonly string[];
  readonly name?: string;
}

export function cifText(spec: CifSpec): string {
  const [a, b, c, al, be, ga] = spec.cell;
  const ops = spec.ops ?? ['x, y, z'];
  return [
    `data_${spec.name ?? 'test'}`,
    `_cell_length_a ${a}`, `_cell_length_b ${b}`, `_cell_length_c ${c}`,
    `_cell_angle_alpha ${al}`, `_cell_angle_beta ${be}`, `_cell_angle_gamma ${ga}`,
    'loop_', '_symmetry_equiv_pos_as_xyz', ...ops.map((o) => `'${o}'`),
    'loop_', '_atom_site_type_symbol', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', '_atom_site_occupancy',
    ...spec.sites.map(([el, x, y, z, occ], i) => `${el} ${el}${i} ${x} ${y} ${z} ${occ ?? 1}`),
    '',
  ].join('\n');
}

/** The 4 translations of a face-centred cubic lattice. */
export const FCC_OPS = ['x, y, z', 'x, y+1/2, z+1/2', 'x+1/2, y, z+1/2', 'x+1/2, y+1/2, z'];
/** The 2 translations of a body-centred lattice. */
export const BCC_OPS = ['x, y, z', 'x+1/2, y+1/2, z+1/2'];

/** Rock salt NaCl, conventional cell, a in Å, written with fcc centring operations. */
export const rockSalt = (a = 5.64) => cifText({ cell: [a, a, a, 90, 90, 90], ops: FCC_OPS, sites: [['Na', 0, 0, 0], ['Cl', 0.5, 0.5, 0.5]], name: 'NaCl' });
/** CsCl, primitive cubic. */
export const cesiumChloride = (a = 4.12) => cifText({ cell: [a, a, a, 90, 90, 90], sites: [['Cs', 0, 0, 0], ['Cl', 0.5, 0.5, 0.5]], name: 'CsCl' });
/** Diamond Si, conventional cell. */
export const diamond = (a = 5.431) => cifText({ cell: [a, a, a, 90, 90, 90], ops: FCC_OPS, sites: [['Si', 0, 0, 0], ['Si', 0.25, 0.25, 0.25]], name: 'Si' });
