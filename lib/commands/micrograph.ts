// `matalign micrograph <file.cif>`: one simulated STEM-HAADF-like image with a labelled defect.
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { Structure } from '../data/structure/crystal.js';
import {
  DEFAULT_MICROGRAPH_CONFIG, DEFECT_KINDS, MicrographConfig, SHIFTED_MICROGRAPH_CONFIG, isDefectKind, simulateMicrograph, toGreyBytes,
} from '../data/characterization/micrograph.js';
import { ZoneAxis } from '../data/characterization/micrograph_columns.js';
import { CliError, readStructures, reportWarnings } from './common.js';
import { OptionError, expectPositionals, integerOption, numberOption, writeOutputFile } from './options.js';

export const MICROGRAPH_USAGE = `matalign micrograph <file.cif|file.csv[.gz]> --defect ${DEFECT_KINDS.join('|')} --seed N --png out.png
    [--json] [--size S] [--shifted] [--zone 001] [--cell conventional|as-given] [--pixel-size Å]
    [--thickness Å] [--dose e/Å²] [--id ID] [--allow-disorder]
  Limits: --size 8–2048 px, --pixel-size 0.01–5 Å, --thickness 0–1000 Å, --dose 0–1e9 e/Å², --seed 0–4294967295;
  a field that needs more than 20 M atom visits or 1e9 probe evaluations is refused with the estimate.
  Writes an annular dark-field-like image of the crystal along the zone axis with one point defect
  near the centre; prints the label and the defect position in px (x = column, y = row).`;

/** A zone axis from '001', '1-10', '[1 1 0]' or '1,-1,0'. */
export function parseZoneAxis(text: string): ZoneAxis {
  const body = text.replace(/[[\]()]/g, '').trim();
  const parts = /[,\s]/.test(body) ? body.split(/[,\s]+/).filter(Boolean) : body.match(/-?\d/g) ?? [];
  const axis = parts.map(Number);
  if (axis.length !== 3 || !axis.every((v) => Number.isInteger(v) && Math.abs(v) <= 10) || axis.every((v) => v === 0)) {
    throw new OptionError(`--zone must be three integers in [-10, 10], not all zero, like 001 or 1,-1,0, got '${text}'`);
  }
  return axis as unknown as ZoneAxis;
}

/** The structure asked for (the first, or the row with `id`); rows skipped on the way are reported, the asked-for one by its reason. */
async function pickStructure(path: string, id: string | undefined, allowDisorder: boolean): Promise<{ id: string; structure: Structure }> {
  const skipped: { id: string; row: number; reason: string }[] = [];
  for await (const row of readStructures(path, { allowDisorder, onSkip: (s) => skipped.push(s) })) {
    if (id === undefined || row.id === id) {
      for (const s of skipped) process.stderr.write(`skipped: ${s.id} (row ${s.row}): ${s.reason}\n`);
      return row;
    }
  }
  const own = id === undefined ? undefined : skipped.find((s) => s.id === id);
  if (own) throw new CliError(`${path}: structure '${id}' (row ${own.row}) was skipped: ${own.reason}`);
  const note = skipped.length ? ` (${skipped.length} row(s) skipped as unreadable)` : '';
  throw new CliError(id === undefined ? `${path}: no structure${note}` : `${path}: no structure with id '${id}'${note}`);
}

function configFrom(values: Record<string, string | boolean | undefined>): Partial<MicrographConfig> {
  const base = values.shifted ? SHIFTED_MICROGRAPH_CONFIG : DEFAULT_MICROGRAPH_CONFIG;
  const text = (k: string) => values[k] as string | undefined;
  const cell = text('cell') ?? base.cell;
  if (cell !== 'conventional' && cell !== 'as-given') throw new OptionError(`--cell must be conventional or as-given, got '${cell}'`);
  return {
    ...base,
    cell,
    size: integerOption('size', text('size'), base.size, { min: 8, max: 2048 }),
    pixelSize: numberOption('pixel-size', text('pixel-size'), base.pixelSize, { min: 0.01, max: 5 }),
    thickness: numberOption('thickness', text('thickness'), base.thickness, { min: 0, exclusiveMin: true, max: 1000 }),
    dose: text('dose') === undefined ? base.dose : numberOption('dose', text('dose'), 0, { min: 0, exclusiveMin: true, max: 1e9 }),
    zoneAxis: text('zone') === undefined ? base.zoneAxis : parseZoneAxis(text('zone')!),
  };
}

export async function runMicrographCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      defect: { type: 'string' }, seed: { type: 'string' }, png: { type: 'string' }, json: { type: 'boolean' },
      size: { type: 'string' }, shifted: { type: 'boolean' }, zone: { type: 'string' }, cell: { type: 'string' },
      'pixel-size': { type: 'string' }, thickness: { type: 'string' }, dose: { type: 'string' }, id: { type: 'string' },
      'allow-disorder': { type: 'boolean' },
    },
  });
  expectPositionals('micrograph', positionals, 1, 'one structure file (.cif or table)');
  const defect = values.defect ?? 'pristine';
  if (!isDefectKind(defect)) throw new OptionError(`--defect must be one of ${DEFECT_KINDS.join(', ')}, got '${defect}'`);
  const seed = integerOption('seed', values.seed, 0, { min: 0, max: 2 ** 32 - 1 });
  const config = configFrom(values);
  const { id, structure } = await pickStructure(positionals[0]!, values.id, values['allow-disorder'] ?? false);
  reportWarnings(id, structure.warnings);
  const m = simulateMicrograph(structure, defect, seed, config);
  if (values.png) {
    const png = await sharp(Buffer.from(toGreyBytes(m.image)), { raw: { width: m.size, height: m.size, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    await writeOutputFile(values.png, png);
  }
  const record = {
    id, label: m.label, defect_px: m.defectPixel ? m.defectPixel.map((v) => Number(v.toFixed(2))) : null,
    detail: m.defect?.detail ?? null, size: m.size, seed, zone_axis: config.zoneAxis, png: values.png ?? null,
  };
  if (values.json) process.stdout.write(JSON.stringify(record) + '\n');
  else {
    const where = record.defect_px ? ` at x=${record.defect_px[0]} y=${record.defect_px[1]} px (${record.detail})` : '';
    process.stdout.write(`${id}: ${m.label}${where}${values.png ? ` → ${values.png}` : ''}\n`);
  }
  return 0;
}
