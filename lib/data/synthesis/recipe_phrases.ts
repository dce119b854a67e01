// Phrases for rendering synthesis operations as text: the paper's verb as a past
// participle, and condition phrases (temperatures °C, times, atmospheres, devices, media).
import type { Operation } from './synthesis.js';
import { Quantity, quantityNumbers } from './synthesis_units.js';

/** Verb written for an operation type when the paper's token is not usable. */
const DEFAULT_VERBS: Record<string, string> = {
  HeatingOperation: 'heated', Mixing: 'mixed', MixingOperation: 'mixed', SolutionMixing: 'mixed',
  LiquidGrinding: 'ground', DryingOperation: 'dried', ShapingOperation: 'pressed',
  QuenchingOperation: 'cooled', StartingSynthesis: 'prepared',
};

/** Tokens that are gerunds, nouns, misspellings or auxiliaries → participle (null: use the type's verb). */
const VERB_FORMS: Record<string, string | null> = {
  grinding: 'ground', grind: 'ground', grinded: 'ground', grounded: 'ground', grounding: 'ground',
  regrinding: 'reground', regrinded: 'reground', regrounded: 'reground', 're-grinding': 'reground',
  're-grinded': 'reground', 're-ground': 'reground', mixing: 'mixed', remixing: 'remixed',
  milling: 'milled', remilling: 'remilled', 're-milling': 're-milled', ballmilled: 'ball-milled',
  attrition: 'attrition-milled', heating: 'heated', heat: 'heated', preheating: 'preheated',
  sintering: 'sintered', calcining: 'calcined', calcination: 'calcined', calcinations: 'calcined',
  calcinated: 'calcined', calcinating: 'calcined', 'pre-calcination': 'pre-calcined', firing: 'fired',
  annealing: 'annealed', drying: 'dried', dry: 'dried', dryness: 'dried', evaporating: 'evaporated',
  evaporation: 'evaporated', pressing: 'pressed', repressing: 'repressed', 're-pressing': 're-pressed',
  pelletizing: 'pelletized', pelletising: 'pelletised', palletized: 'pelletized', palletizing: 'pelletized',
  repelletizing: 'repelletized', 're-pelletizing': 're-pelletized', repelleting: 'repelleted',
  compacting: 'compacted', compressing: 'compressed', cooling: 'cooled', cool: 'cooled',
  quenching: 'quenched', stirring: 'stirred', dissolving: 'dissolved', adding: 'added', addition: 'added',
  washing: 'washed', blending: 'blended', crushing: 'crushed', crashed: 'crushed',
  homogenizing: 'homogenized', homogenisation: 'homogenised', dispersing: 'dispersed',
  pulverizing: 'pulverized', pulverization: 'pulverized', granulation: 'granulated', filtration: 'filtered',
  desiccation: 'desiccated', removing: 'removed', concentrating: 'concentrated', reacting: 'reacted',
  treating: 'treated', treatment: 'treated', uniaxially: 'uniaxially pressed', uniaxial: 'uniaxially pressed',
  isostatically: 'isostatically pressed', isostatic: 'isostatically pressed', drop: 'dropped', wet: 'wetted',
  shaken: 'shaken', broken: 'broken', spread: 'spread', cast: 'cast', held: 'held', kept: 'kept',
  fed: 'fed', burnt: 'burnt', ground: 'ground', reground: 'reground', synthesised: 'synthesised',
  done: null, carried: null, performed: null, conducted: null, submitted: null, raised: null,
  changed: null, psi: null, disks: null, warmed: null,
};

/** The operation as a past participle: the paper's word where usable, else the type's verb. */
export function operationVerb(op: Operation): string {
  const token = op.token.toLowerCase();
  const fallback = DEFAULT_VERBS[op.type] ?? 'treated';
  if (token in VERB_FORMS) return VERB_FORMS[token] ?? fallback;
  return /^[a-z][a-z-]*ed$/.test(token) ? token : fallback;
}

/** A number as text: at most `decimals` decimals, trailing zeros dropped. */
export function formatNumber(v: number, decimals = 2): string {
  return String(Number(v.toFixed(decimals)));
}

/** 'a, b and c'. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function numbersPhrase(q: Quantity, format: (v: number) => string): string {
  const { kind, numbers } = quantityNumbers(q);
  return kind === 'range' ? `${format(numbers[0]!)}–${format(numbers[1]!)}` : joinList(numbers.map(format));
}

/** '1200 °C', '1400–1480 °C', '800, 1000 and 1200 °C' (°C rounded to whole degrees). */
export function temperaturePhrase(q: Quantity): string {
  return `${numbersPhrase(q, (v) => formatNumber(Math.round(v), 0))} °C`;
}

/** '12 h', '2–3 h', '30 min' (times under one hour in minutes). */
export function timePhrase(q: Quantity): string {
  const { numbers } = quantityNumbers(q);
  const inMinutes = numbers.length > 0 && numbers.every((h) => h < 1);
  if (inMinutes) return `${numbersPhrase(q, (h) => formatNumber(h * 60, 1))} min`;
  return `${numbersPhrase(q, (h) => formatNumber(h, 2))} h`;
}

const GASES = new Set([
  'oxygen', 'o2', 'nitrogen', 'n2', 'argon', 'ar', 'hydrogen', 'h2', 'helium', 'he', 'co', 'co2',
  'carbon monoxide', 'carbon dioxide', 'nh3', 'ammonia', 'h2s', 'inert', 'forming gas', 'vacuum',
]);
const SOLVENTS = new Set([
  'water', 'h2o', 'ethanol', 'alcohol', 'acetone', 'isopropanol', 'methanol', '2-propanol', 'propanol',
  'iso-propanol', 'isopropyl alcohol', 'ethylene glycol', 'toluene', 'hexane', '2-methoxyethanol',
  'distilled water', 'deionized water', 'de-ionized water', 'ethyl alcohol', 'butanol', 'benzene',
]);
const MORTAR_MATERIALS = new Set(['agate', 'alumina', 'porcelain', 'ceramic', 'corundum', 'zirconia', 'mullite']);
const EQUIPMENT_MATERIALS = new Set([
  ...MORTAR_MATERIALS, 'polyethylene', 'nylon', 'plastic', 'steel', 'stainless steel', 'carbide',
  'tungsten carbide', 'teflon', 'ptfe', 'polypropylene', 'glass', 'quartz', 'platinum',
]);

/** 'in air', 'under argon', 'under vacuum', 'in alumina' (mis-tagged crucibles stay as written). */
export function atmospherePhrase(atmosphere: string): string {
  const a = atmosphere.toLowerCase();
  if (a === 'air' || a === 'ambient') return a === 'air' ? 'in air' : 'in ambient air';
  if (a === 'vacuum') return 'under vacuum';
  if (GASES.has(a) || /%|\/|-\d/.test(a)) return `under ${atmosphere}`;
  return `in ${atmosphere}`;
}

/** 'in ethanol' for solvents, else 'with citric acid'. */
export function mediumPhrase(medium: string): string {
  return SOLVENTS.has(medium.toLowerCase()) ? `in ${medium}` : `with ${medium}`;
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * 'in an agate mortar' for grinding, 'using zirconia milling media' for milling, 'using a
 * polyethylene jar'-like 'using polyethylene' otherwise; solvents and chemicals that the
 * text mining filed as devices (common in sol-gel records) read as media.
 */
export function devicePhrase(device: string, verb: string): string {
  const d = device.toLowerCase();
  if (!EQUIPMENT_MATERIALS.has(d)) return mediumPhrase(device);
  if (/mill/.test(verb)) return `using ${d} milling media`;
  if (MORTAR_MATERIALS.has(d) && /ground|grind|mix|crush|pulveri|homogeni/.test(verb)) return `in ${article(d)} ${d} mortar`;
  return `using ${d} equipment`;
}

/** The conditions of an operation as phrases, in reading order. */
export function conditionPhrases(op: Operation, verb: string, timeFirst: boolean): string[] {
  const toOrAt = op.type === 'QuenchingOperation' ? 'to' : 'at';
  const temperature = op.temperatures.length ? [`${toOrAt} ${joinList(op.temperatures.map(temperaturePhrase))}`] : [];
  const time = op.times.length ? [`for ${joinList(op.times.map(timePhrase))}`] : [];
  return [
    ...op.media.map(mediumPhrase),
    ...op.devices.map((d) => devicePhrase(d, verb)),
    ...(timeFirst ? [...time, ...temperature] : [...temperature, ...time]),
    ...(op.atmospheres.length ? [joinList(op.atmospheres.map(atmospherePhrase))] : []),
  ];
}
