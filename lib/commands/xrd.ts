// `matalign xrd <file.cif>`: the simulated powder pattern of each structure.
import { parseArgs } from 'node:util';
import { SkippedRow } from '../data/structure/structure_table.js';
import { DEFAULT_XRD_CONFIG, XrdConfig, XrdError, XrdPattern, hklFamilies, resolveWavelength, simulateXrd } from '../data/characterization/xrd.js';
import { DEFAULT_XRD_PROFILE_CONFIG, XrdProfileConfig, peaksToProfile } from '../data/characterization/xrd_profile.js';
import { readStructures, reportWarnings } from './common.js';
import { OptionError, elementValuesOption, expectPositionals, integerOption, numberOption } from './options.js';
import { reportSkipped, requireSome } from './structure.js';

/** Accepted wavelengths, Å: hard X-rays to soft (Ag Kβ 0.50 Å … Cr Kα 2.29 Å, synchrotrons 0.1–5 Å). */
const WAVELENGTH_RANGE = { min: 0.05, max: 10 } as const;
/** Most points of a --profile grid. */
const MAX_PROFILE_POINTS = 100_000;

export const XRD_USAGE = `matalign xrd <file.cif|file.csv[.gz]> [--wavelength CuKa|MoKa|…|<Å>] [--two-theta 10,80]
    [--debye-waller El=B,…] [--lattice-scale s] [--json] [--all-hkls] [--profile] [--points P] [--fwhm °]
    [--allow-disorder] [--limit N]
  Prints per structure the powder diffraction peaks: 2θ (°), d (Å), intensity (strongest = 100) and
  the hkl families; --json gives one line per structure {id, wavelength, peaks: [{two_theta, intensity,
  d, multiplicity, hkls: [[h,k,l], …]}]} (hkls: one per family, or every reflection with --all-hkls);
  --profile adds the pattern broadened onto the fixed 2θ grid (max 1). Limits: wavelength 0.05–10 Å,
  --points 2–100000, --fwhm 0–10°, --lattice-scale 0.5–2, B factors 0–100 Å²; a structure with more than
  1,000,000 reflections in the range (e.g. a 1000 Å cell) is skipped with the estimate.`;

/** '10,80' → [10, 80] (°). */
function parseRange(text: string | undefined): [number, number] {
  if (text === undefined) return [...DEFAULT_XRD_CONFIG.twoThetaRange];
  const parts = text.split(',').map((s) => Number(s.trim()));
  const ok = parts.length === 2 && parts.every(Number.isFinite) && parts[0]! >= 0 && parts[0]! < parts[1]! && parts[1]! <= 180;
  if (!ok) throw new OptionError(`--two-theta must be min,max in degrees with 0 ≤ min < max ≤ 180, got '${text}'`);
  return parts as [number, number];
}


function peakRecords(pattern: XrdPattern, allHkls: boolean) {
  return pattern.peaks.map((p) => ({
    two_theta: p.twoTheta, intensity: p.intensity, d: p.d, multiplicity: p.hkls.length,
    hkls: allHkls ? p.hkls.map((h) => [...h]) : hklFamilies(p.hkls).map((f) => [...f.hkl]),
  }));
}

function printTable(id: string, formula: string, pattern: XrdPattern, range: readonly [number, number]): void {
  process.stdout.write(`${id} (${formula}), λ = ${pattern.wavelength} Å, 2θ ${range[0]}–${range[1]}°: ${pattern.peaks.length} peaks\n`);
  process.stdout.write(`  ${'2θ (°)'.padStart(9)}  ${'d (Å)'.padStart(8)}  ${'I'.padStart(7)}  hkl × multiplicity\n`);
  for (const p of pattern.peaks) {
    const fam = hklFamilies(p.hkls).map((f) => `(${f.hkl.join(' ')})×${f.multiplicity}`).join(' ');
    process.stdout.write(`  ${p.twoTheta.toFixed(3).padStart(9)}  ${p.d.toFixed(4).padStart(8)}  ${p.intensity.toFixed(2).padStart(7)}  ${fam}\n`);
  }
}

/** Pattern and profile settings from the parsed options; bad values are usage errors. */
function settingsFrom(values: Record<string, string | boolean | undefined>): { config: XrdConfig; profile: Partial<XrdProfileConfig> } {
  const text = (k: string) => values[k] as string | undefined;
  const range = parseRange(text('two-theta'));
  const config: XrdConfig = {
    ...DEFAULT_XRD_CONFIG, wavelength: text('wavelength') ?? 'CuKa', twoThetaRange: range,
    debyeWaller: elementValuesOption('debye-waller', text('debye-waller'), { min: 0, max: 100 }),
    latticeScale: numberOption('lattice-scale', text('lattice-scale'), 1, { min: 0.5, max: 2 }),
  };
  const wavelength = resolveWavelength(config.wavelength);
  if (!(wavelength >= WAVELENGTH_RANGE.min && wavelength <= WAVELENGTH_RANGE.max)) {
    throw new OptionError(`--wavelength must be between ${WAVELENGTH_RANGE.min} and ${WAVELENGTH_RANGE.max} Å, got '${config.wavelength}'`);
  }
  const profile = {
    twoThetaRange: range, points: integerOption('points', text('points'), DEFAULT_XRD_PROFILE_CONFIG.points, { min: 2, max: MAX_PROFILE_POINTS }),
    fwhm: numberOption('fwhm', text('fwhm'), DEFAULT_XRD_PROFILE_CONFIG.fwhm, { min: 0, exclusiveMin: true, max: 10 }),
  };
  return { config, profile };
}

export async function runXrdCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      wavelength: { type: 'string' }, 'two-theta': { type: 'string' }, 'debye-waller': { type: 'string' }, 'lattice-scale': { type: 'string' }, json: { type: 'boolean' },
      'all-hkls': { type: 'boolean' }, profile: { type: 'boolean' }, points: { type: 'string' }, fwhm: { type: 'string' },
      'allow-disorder': { type: 'boolean' }, limit: { type: 'string' },
    },
  });
  expectPositionals('xrd', positionals, 1, 'one structure file (.cif or table)');
  const { config, profile } = settingsFrom(values);
  const skipped: SkippedRow[] = [];
  const limit = integerOption('limit', values.limit, Infinity, { min: 1 });
  let count = 0;
  const rows = readStructures(positionals[0]!, { allowDisorder: values['allow-disorder'] ?? false, limit: Number.isFinite(limit) ? limit : undefined, onSkip: (s) => skipped.push(s) });
  for await (const { id, row, structure } of rows) {
    reportWarnings(id, structure.warnings);
    let pattern: XrdPattern;
    try {
      pattern = simulateXrd(structure, config);
    } catch (e) {
      // Settings were checked up front, so an XrdError here is about this structure (e.g. an element without scattering data).
      if (!(e instanceof XrdError)) throw e;
      skipped.push({ id, row, reason: e.message });
      continue;
    }
    count++;
    if (!values.json) printTable(id, structure.reducedFormula(), pattern, config.twoThetaRange);
    else {
      const record: Record<string, unknown> = { id, wavelength: pattern.wavelength, two_theta_range: config.twoThetaRange, peaks: peakRecords(pattern, values['all-hkls'] ?? false) };
      if (values.profile) record.profile = { ...profile, values: Array.from(peaksToProfile(pattern.peaks, profile), (v) => Number(v.toFixed(5))) };
      process.stdout.write(JSON.stringify(record) + '\n');
    }
  }
  reportSkipped(count, skipped);
  requireSome(positionals[0]!, count, skipped);
  return 0;
}
