// JCAMP-DX spectra (as the WebBook serves them) → plain arrays, through jcampconverter.
import { convert } from 'jcampconverter';
import { ResponseFormatError } from './source_errors.js';

export interface Spectrum {
  readonly title: string;
  /** e.g. "INFRARED SPECTRUM". */
  readonly dataType: string;
  /** e.g. "1/CM" (wavenumber, cm⁻¹). */
  readonly xUnits: string;
  /** e.g. "TRANSMITTANCE", "ABSORBANCE". */
  readonly yUnits: string;
  /** [P] abscissae in xUnits. */
  readonly x: number[];
  /** [P] ordinates in yUnits. */
  readonly y: number[];
}

/** True when the text looks like JCAMP-DX (starts with a ##TITLE= record). */
export function looksLikeJcamp(text: string): boolean {
  return /^\s*##TITLE=/i.test(text);
}

/** The first spectrum of a JCAMP-DX text; ResponseFormatError when there is none. */
export function parseJcampSpectrum(text: string): Spectrum {
  if (!looksLikeJcamp(text)) throw new ResponseFormatError('not JCAMP-DX text (no ##TITLE= record)');
  let entry;
  try {
    entry = convert(text).flatten[0];
  } catch (e) {
    throw new ResponseFormatError(`unreadable JCAMP-DX: ${(e as Error).message}`);
  }
  const spectrum = entry?.spectra[0];
  const data = spectrum?.data as { x?: ArrayLike<number>; y?: ArrayLike<number> } | undefined;
  if (!entry || !spectrum || !data?.x || !data.y || data.x.length === 0 || data.x.length !== data.y.length) {
    throw new ResponseFormatError('JCAMP-DX holds no x/y data');
  }
  return {
    title: entry.title ?? '', dataType: entry.dataType ?? '', xUnits: spectrum.xUnits ?? '', yUnits: spectrum.yUnits ?? '',
    x: Array.from(data.x), y: Array.from(data.y),
  };
}
