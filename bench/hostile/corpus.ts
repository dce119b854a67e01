// The hostile corpus: files made in a temporary folder (hostile CIFs, tables, recipe files,
// archives, data folders) and the command lines that exercise them, across every command.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

export interface HostileCase {
  readonly name: string;
  /** The class of hostility (1–9 as in the hardening list). */
  readonly kind: string;
  /** matalign arguments, or a shell command line when `shell` is set (CLI stands for the command). */
  readonly args: string[];
  readonly shell?: string;
}

const CELL = (a: number) => [`_cell_length_a ${a}`, `_cell_length_b ${a}`, `_cell_length_c ${a}`, '_cell_angle_alpha 90', '_cell_angle_beta 90', '_cell_angle_gamma 90'];
const SITES = ['loop_', '_atom_site_label', '_atom_site_type_symbol', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z'];
const cif = (name: string, a: number, sites: string[], ops: string[] = ['x, y, z'], extra: string[] = []) =>
  [`data_${name}`, ...CELL(a), ...extra, 'loop_', '_symmetry_equiv_pos_as_xyz', ...ops.map((o) => `'${o}'`), ...SITES, ...sites, ''].join('\n');
const FCC = ['x, y, z', 'x, y+1/2, z+1/2', 'x+1/2, y, z+1/2', 'x+1/2, y+1/2, z'];
const nacl = (a = 5.64, name = 'NaCl') => cif(name, a, ['Na1 Na 0 0 0', 'Cl1 Cl 0.5 0.5 0.5'], FCC);
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const table = (rows: [string, string][], sep = ',') => [`material_id${sep}cif`, ...rows.map(([id, c]) => `${csvCell(id)}${sep}${csvCell(c)}`)].join('\n') + '\n';
const half = (b: Uint8Array) => b.subarray(0, Math.floor(b.length / 2));
const spoil = (b: Uint8Array) => { const c = Uint8Array.from(b); c.fill(0x55, 12, Math.min(c.length - 8, 80)); return c; };

const RECIPE = (temperature: unknown) => JSON.stringify({
  target: { material_formula: 'BaTiO3', mp_id: 'mp-1' }, precursors: [{ material_formula: 'BaCO3' }, { material_formula: 'TiO2' }],
  operations: [{ type: 'HeatingOperation', token: 'heated', conditions: { heating_temperature: [{ values: [temperature], units: '°C' }] } }],
});

/** Structure inputs by name → file content. */
function structureFiles(): Record<string, string | Uint8Array> {
  const good = table([['mp-1', nacl()], ['mp-2', cif('MgO', 4, ['Mg1 Mg 0 0 0', 'O1 O 0.5 0.5 0.5'])]]);
  return {
    'nacl.cif': nacl(),
    'cell1000.cif': nacl(1000),
    'cell0.1.cif': cif('tiny', 0.1, ['Na1 Na 0 0 0']),
    'scaling_op.cif': nacl(5.64).replace("'x, y+1/2, z+1/2'", "'2x, y, z'"),
    'div0_op.cif': nacl(5.64).replace("'x, y+1/2, z+1/2'", "'x, y+1/0, z'"),
    'collapse_op.cif': nacl(5.64).replace("'x, y+1/2, z+1/2'", "'x, x, z'"),
    'close_atoms.cif': cif('close', 5, ['Na1 Na 0 0 0', 'Cl1 Cl 0.02 0 0']),
    'nonfinite.cif': cif('inf', 5, ['Na1 Na 1e400 0 0']),
    'overflow.cif': cif('ovf', 5, ['Na1 Na 1.7e308 1.7e308 0'], ['x+y, y, z']),
    'cx_symbol.cif': cif('cx', 5, ['Na1 Na 0 0 0', 'C1 Cx 0.5 0.5 0.5']),
    'wat_label.cif': [`data_wat`, ...CELL(5), 'loop_', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', 'Wat1 0 0 0', ''].join('\n'),
    'dot_numbers.cif': cif('dots', 4, ['Cs1 Cs 0 0 0', 'Cl1 . .5 .5 -.25']),
    'next_line.cif': nacl().replace('_cell_length_a 5.64', '_cell_length_a\n5.64'),
    'trailing_value.cif': nacl().replace('loop_', '_symmetry_space_group_name_H-M F m -3 m\nloop_'),
    'ragged.cif': nacl() + 'O1 O 0.25\n',
    'implicit_h.cif': [`data_h`, ...CELL(6), ...SITES, '_atom_site_attached_hydrogens', 'O1 O 0 0 0 2', 'C1 C 0.5 0.5 0.5 1', ''].join('\n'),
    'multi_block.cif': nacl(5.64, 'one') + nacl(5.7, 'two') + nacl(5.8, 'three'),
    'bom.cif': '\uFEFF' + nacl(),
    'not_cif.cif': 'hello world\n',
    'empty.cif': '',
    'binary.cif': Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256),
    'good.csv.gz': gzipSync(good),
    'good.tsv': table([['mp-1', nacl()]], '\t'),
    'truncated.csv.gz': half(gzipSync(good.repeat(50))),
    'corrupt.csv.gz': spoil(gzipSync(good.repeat(50))),
    'quote.csv': 'material_id,cif\nmp-1,"data_x\nmp-2,y\n',
    'semicolon.csv': `material_id;cif\nmp-1;${csvCell(nacl())}\n`,
    'header_only.csv': 'material_id,cif\n',
    'empty.csv': '',
    'no_cif_column.csv': 'material_id,formula\nmp-1,NaCl\n',
    'hostile_ids.csv': table([['../../escape', nacl()], ['/tmp/abs', nacl()], ['a/b', nacl()]]),
    'all_bad.csv': table([['mp-1', 'data_x\n_cell_length_a 3'], ['mp-2', 'nonsense']]),
  };
}

function recipeFiles(): Record<string, string | Uint8Array> {
  const lines = [RECIPE(800), RECIPE('900'), RECIPE('about 800'), '{not json', ''].join('\n');
  return {
    'recipes.jsonl': lines,
    'recipes.jsonl.gz': gzipSync(lines),
    'truncated.jsonl.gz': half(gzipSync(lines.repeat(200))),
    'corrupt.jsonl.gz': spoil(gzipSync(lines.repeat(200))),
    'empty.jsonl': '',
  };
}

/** A zip whose first entry declares `declared` inflated bytes in its headers. */
function zipDeclaring(declared: number): Uint8Array {
  const zip = zipSync({ 'scan.xrdml': new Uint8Array(64), 'readme.txt': new Uint8Array(8) });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let p = 0; p + 4 <= zip.length; p++) {
    const sig = view.getUint32(p, true);
    if (sig === 0x04034b50 && zip[p + 30] === 0x73) view.setUint32(p + 22, declared, true);
    if (sig === 0x02014b50 && zip[p + 46] === 0x73) view.setUint32(p + 24, declared, true);
  }
  return zip;
}

function write(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Data folders for `pipeline`. */
function dataFolders(root: string, files: Record<string, string | Uint8Array>): string[] {
  const good = files['good.csv.gz']!;
  const folders: Record<string, Record<string, string | Uint8Array>> = {
    'data_good': { 'mp20/train_partial.csv.gz': good, 'synthesis/solid-state_2019-12-03.shared.jsonl.gz': gzipSync(RECIPE(800)) },
    'data_hostile_ids': { 'mp20/train_partial.csv.gz': gzipSync(files['hostile_ids.csv'] as string) },
    'data_one_corrupt': { 'mp20/train_partial.csv.gz': files['truncated.csv.gz']!, 'perov5/val.csv.gz': good },
    'data_bad_synthesis': { 'mp20/train_partial.csv.gz': good, 'synthesis/solid-state_2019-12-03.shared.jsonl.gz': half(gzipSync(RECIPE(1).repeat(500))) },
    'data_semicolon': { 'perov5/val.csv.gz': gzipSync(files['semicolon.csv'] as string), 'mp20/val_partial.csv.gz': good },
    'data_zip_bomb': { 'mp20/train_partial.csv.gz': good, 'alab_xrd_dara/xrdml_shared.zip': zipDeclaring(0xfffffff0), 'alab_xrd_dara/labels.csv.gz': gzipSync('file,sample_id\nscan.xrdml,s1\n') },
    'data_bad_zip': { 'mp20/train_partial.csv.gz': good, 'neu_det/neu_det_shared.zip': 'not a zip', 'neu_det/labels.csv.gz': gzipSync('image,class,class_id\na.jpg,x,0\n') },
    'data_empty_tables': { 'mp20/train_partial.csv.gz': gzipSync('material_id,cif\n') },
    'data_nothing': { 'misc/notes.txt': 'hello' },
  };
  for (const [name, content] of Object.entries(folders)) write(join(root, name), content);
  return Object.keys(folders);
}

/** Writes the corpus under `root` and returns its cases (paths relative to `root`). */
export function buildCorpus(root: string): HostileCase[] {
  const structures = structureFiles();
  const recipes = recipeFiles();
  write(join(root, 'in'), { ...structures, ...recipes });
  mkdirSync(join(root, 'out'));
  writeFileSync(join(root, 'plain_file'), 'x');
  const folders = dataFolders(root, structures);
  const cases: HostileCase[] = [];
  const add = (kind: string, name: string, ...args: string[]) => cases.push({ name, kind, args });
  for (const file of Object.keys(structures)) {
    const p = `in/${file}`;
    add('input', `structure ${file}`, 'structure', p, '--json');
    add('input', `graph ${file}`, 'graph', p, '--json', '--max-neighbors', '4');
    add('input', `xrd ${file}`, 'xrd', p, '--json');
    add('input', `micrograph ${file}`, 'micrograph', p, '--json', '--png', `out/${file}.png`);
  }
  for (const file of Object.keys(recipes)) add('input', `synthesis ${file}`, 'synthesis', `in/${file}`, '--json', '--show', '1');
  add('input', 'synthesis with hostile structures', 'synthesis', 'in/recipes.jsonl', '--structures', 'in/truncated.csv.gz');
  for (const f of folders) add('pipeline', `pipeline ${f}`, 'pipeline', f, '--out', `out/${f}`, '--json', '--limit', '5');
  const flags: string[][] = [
    ['graph', 'in/nacl.cif', '--cutoff', '1e6'], ['graph', 'in/nacl.cif', '--cutoff', '49'], ['graph', 'in/nacl.cif', '--max-neighbors', '-1'],
    ['graph', 'in/nacl.cif', '--limit', '2.5'], ['structure', 'in/nacl.cif', '--symprec', 'NaN'], ['structure', 'in/multi_block.cif', '--limit', '2'],
    ['xrd', 'in/nacl.cif', '--wavelength', '1e-9'], ['xrd', 'in/nacl.cif', '--wavelength', '1e9'], ['xrd', 'in/nacl.cif', '--points', '1e12', '--profile', '--json'],
    ['xrd', 'in/nacl.cif', '--fwhm', '0'], ['xrd', 'in/nacl.cif', '--debye-waller', 'Qq=1'], ['xrd', 'in/nacl.cif', '--two-theta', '80,10'],
    ['micrograph', 'in/nacl.cif', '--pixel-size', '1e6'], ['micrograph', 'in/nacl.cif', '--thickness', '1e9'], ['micrograph', 'in/nacl.cif', '--size', '1000000'],
    ['micrograph', 'in/nacl.cif', '--seed', '1.5'], ['micrograph', 'in/nacl.cif', '--zone', '000'], ['micrograph', 'in/nacl.cif', '--defect', 'meteor'],
    ['synthesis', 'in/recipes.jsonl', '--show', '-1'], ['synthesis', 'in/recipes.jsonl', '--seed', 'x'], ['pipeline', 'data_good', '--limit', '0'],
    ['structure', 'in/nacl.cif', 'extra'], ['pipeline', 'data_good', 'extra'], ['graph'], ['xrd', '--bogus', 'in/nacl.cif'],
  ];
  for (const f of flags) add('flags', f.join(' '), ...f);
  for (const c of ['structure', 'graph', 'xrd', 'micrograph', 'synthesis', 'pipeline']) add('help', `${c} --help`, c, '--help');
  const fs: string[][] = [
    ['structure', 'in'], ['structure', 'in/missing.cif'], ['micrograph', 'in/nacl.cif', '--png', 'out'],
    ['micrograph', 'in/nacl.cif', '--png', 'plain_file/x.png'], ['micrograph', 'in/nacl.cif', '--png', '/dev/full'],
    ['pipeline', 'data_good', '--out', 'plain_file/out'], ['synthesis', 'in'], ['xrd', '/dev/null'],
  ];
  for (const f of fs) add('file-system', f.join(' '), ...f);
  cases.push({ name: 'structure | head -1', kind: 'file-system', args: [], shell: 'CLI structure in/good.csv.gz | head -1 >/dev/null; exit ${PIPESTATUS[0]}' });
  cases.push({ name: 'graph > /dev/full', kind: 'file-system', args: [], shell: 'CLI graph in/nacl.cif --json > /dev/full' });
  return cases;
}
