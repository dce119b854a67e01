// Measured powder scans in PANalytical's XRDML format (e.g. the A-Lab scans), read from a
// file or from a zip of them; broken or unknown entries are reported and skipped. Putting a
// scan on the simulated-pattern grid is in lib/data/xrd_measured.ts.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../errors.js';
import { readLabelTable } from '../io/label_table.js';
import { readDataBytes } from '../io/text_files.js';
import { RejectedEntry, readZipEntries } from '../io/zip_entries.js';

export class XrdmlError extends InputError {
  constructor(message: string) {
    super(message);
  }
}

export interface XrdmlWavelength {
  /** Kα1, Kα2 wavelengths, Å, and the intensity ratio Kα2/Kα1. */
  readonly kAlpha1: number;
  readonly kAlpha2: number | null;
  readonly ratio: number;
}

export interface XrdmlScan {
  /** File name (path inside the zip for archive members). */
  readonly name: string;
  /** [M] float64: 2θ of each point, °, increasing. */
  readonly twoTheta: Float64Array;
  /** [M] float64: measured intensity per point, counts/s where the counting time is known, else counts. */
  readonly intensity: Float64Array;
  readonly wavelength: XrdmlWavelength | null;
  /** Counting time per point, s (null when the file gives none). */
  readonly countingTime: number | null;
  /** Optional fields present but malformed (and so not used), one line each. */
  readonly warnings?: readonly string[];
}

type Node = Record<string, unknown>;

const PARSER = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseTagValue: false,
  isArray: (name) => ['xrdMeasurement', 'scan', 'positions'].includes(name),
});

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string' ? ((v as Node)['#text'] as string) : undefined;

function numbers(v: unknown, what: string): Float64Array {
  const t = text(v);
  if (t === undefined) throw new XrdmlError(`${what} missing`);
  const parts = t.trim().split(/\s+/).filter(Boolean);
  const out = Float64Array.from(parts, Number);
  if (out.length === 0 || out.some((x) => !Number.isFinite(x))) throw new XrdmlError(`${what} holds non-numeric values`);
  return out;
}

function scalar(v: unknown): number | null {
  const t = text(v);
  const x = t === undefined ? NaN : Number(t);
  return Number.isFinite(x) ? x : null;
}

/** A present optional number that does not read as one is reported, not silently dropped. */
function optionalScalar(v: unknown, what: string, warnings: string[], valid: (x: number) => boolean = () => true): number | null {
  if (v === undefined) return null;
  const x = scalar(v);
  if (x === null || !valid(x)) {
    warnings.push(`${what} is not usable: ${JSON.stringify(text(v) ?? v)?.slice(0, 40)}`);
    return null;
  }
  return x;
}

function wavelengthOf(measurement: Node, warnings: string[]): XrdmlWavelength | null {
  const w = measurement.usedWavelength as Node | undefined;
  if (!w) return null;
  const kAlpha1 = optionalScalar(w.kAlpha1, 'usedWavelength/kAlpha1', warnings, (x) => x > 0 && x < 100);
  const kAlpha2 = optionalScalar(w.kAlpha2, 'usedWavelength/kAlpha2', warnings, (x) => x > 0 && x < 100);
  const ratio = optionalScalar(w.ratioKAlpha2KAlpha1, 'usedWavelength/ratioKAlpha2KAlpha1', warnings, (x) => x >= 0 && x <= 1);
  if (kAlpha1 === null) return null;
  return { kAlpha1, kAlpha2, ratio: ratio ?? 0 };
}

/** 2θ of the points: an explicit list, or start/end positions spaced evenly. */
function twoThetaOf(dataPoints: Node, count: number): Float64Array {
  const axes = (dataPoints.positions as Node[] | undefined) ?? [];
  const axis = axes.find((p) => p.axis === '2Theta') ?? axes.find((p) => p.axis === 'Gonio');
  if (!axis) throw new XrdmlError('no 2Theta positions');
  if (axis.listPositions !== undefined) {
    const list = numbers(axis.listPositions, '2Theta listPositions');
    if (list.length !== count) throw new XrdmlError(`${list.length} 2Theta positions for ${count} intensities`);
    return list;
  }
  const start = scalar(axis.startPosition);
  const end = scalar(axis.endPosition);
  if (start === null || end === null || !(end > start)) throw new XrdmlError('2Theta start/end positions missing or not increasing');
  const step = count > 1 ? (end - start) / (count - 1) : 0;
  return Float64Array.from({ length: count }, (_, i) => start + i * step);
}

function intensityOf(dataPoints: Node, warnings: string[]): { values: Float64Array; countingTime: number | null } {
  const raw = dataPoints.counts ?? dataPoints.intensities;
  const values = numbers(raw, 'counts/intensities');
  const countingTime = optionalScalar(dataPoints.commonCountingTime, 'commonCountingTime', warnings, (x) => x > 0);
  const attenuation = dataPoints.beamAttenuationFactors;
  if (attenuation !== undefined) {
    let factors: Float64Array | null = null;
    try {
      factors = numbers(attenuation, 'beamAttenuationFactors');
    } catch (e) {
      warnings.push((e as Error).message);
    }
    if (factors && factors.length === values.length) values.forEach((v, i) => { values[i] = v * factors![i]!; });
    else if (factors) warnings.push(`beamAttenuationFactors has ${factors.length} values for ${values.length} points, not applied`);
  }
  if (countingTime !== null && countingTime > 0) values.forEach((v, i) => { values[i] = v / countingTime; });
  return { values, countingTime };
}

/** Parses XRDML text (the first scan of the first measurement); throws XrdmlError when it is not usable. */
export function parseXrdml(xml: string, name = 'scan.xrdml'): XrdmlScan {
  const body = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new XrdmlError(`${name}: not well-formed XML (${valid.err.msg}, line ${valid.err.line})`);
  const root = (PARSER.parse(body) as Node).xrdMeasurements as Node | undefined;
  const measurement = (root?.xrdMeasurement as Node[] | undefined)?.[0];
  const dataPoints = ((measurement?.scan as Node[] | undefined)?.[0]?.dataPoints) as Node | undefined;
  if (!measurement || !dataPoints) throw new XrdmlError(`${name}: no xrdMeasurement/scan/dataPoints (not an XRDML scan)`);
  try {
    const warnings: string[] = [];
    const { values, countingTime } = intensityOf(dataPoints, warnings);
    const twoTheta = twoThetaOf(dataPoints, values.length);
    if (values.length < 2) throw new XrdmlError('fewer than 2 data points');
    return { name, twoTheta, intensity: values, wavelength: wavelengthOf(measurement, warnings), countingTime, warnings };
  } catch (e) {
    if (e instanceof XrdmlError) throw new XrdmlError(`${name}: ${e.message}`);
    throw e;
  }
}

export interface XrdmlCollection {
  readonly scans: XrdmlScan[];
  /** Entries that were not read: name and reason. */
  readonly skipped: RejectedEntry[];
}

const isXrdmlName = (name: string) => /\.xrdml$/i.test(name);

/**
 * Scans from one .xrdml file or from every .xrdml member of a zip (detected from the bytes).
 * In a zip, unreadable members, unsafe names and other files are reported in `skipped`.
 */
export async function readXrdml(path: string): Promise<XrdmlCollection> {
  const bytes = await readDataBytes(path);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return { scans: [parseXrdml(bytes.toString('utf8'), path)], skipped: [] };
  const contents = await readZipEntries(path, isXrdmlName);
  const skipped = [...contents.rejected, ...contents.unused.map((name) => ({ name, reason: 'not an .xrdml file' }))];
  const scans: XrdmlScan[] = [];
  for (const entry of contents.entries.sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      scans.push(parseXrdml(Buffer.from(entry.bytes).toString('utf8'), entry.name));
    } catch (e) {
      if (!(e instanceof XrdmlError)) throw e;
      skipped.push({ name: entry.name, reason: e.message.replace(`${entry.name}: `, '') });
    }
  }
  return { scans, skipped };
}

/** A scan with its row of a label table (A-Lab labels.csv.gz: file, sample_id, precursors_json, …). */
export interface LabelledScan {
  readonly scan: XrdmlScan;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Scans of a file or zip joined to a label CSV(.gz) by `fileColumn` (default 'file', the path
 * inside the zip). Scans without a label row and label rows without a scan are reported.
 */
export async function readLabelledXrdml(
  path: string, labelsPath: string, fileColumn = 'file',
): Promise<{ scans: LabelledScan[]; skipped: RejectedEntry[] }> {
  const [collection, table] = await Promise.all([readXrdml(path), readLabelTable(labelsPath, fileColumn)]);
  const skipped = [...collection.skipped, ...table.problems.map((p) => ({ name: `${labelsPath} row ${p.row}`, reason: p.reason }))];
  const scans: LabelledScan[] = [];
  const seen = new Set<string>();
  for (const scan of collection.scans) {
    const labels = table.rows.get(scan.name);
    if (!labels) skipped.push({ name: scan.name, reason: 'no label row' });
    else {
      scans.push({ scan, labels });
      seen.add(scan.name);
    }
  }
  for (const name of table.rows.keys()) {
    if (!seen.has(name) && !collection.skipped.some((s) => s.name === name)) skipped.push({ name, reason: 'labelled but not in the archive' });
  }
  return { scans, skipped };
}
