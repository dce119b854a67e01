// XRD profiles drawn from a peak list, with the augmentation that makes simulated patterns
// resemble measured scans: a lattice scale (DFT lattices run ~1 % large), an instrument
// peak width, a smooth background and counting noise.
import type { XrdAugmentConfig } from '../../config.js';
import { broadenPeaks } from '../characterization/xrd_profile.js';
import type { Rng } from '../../rng.js';
import type { PeakList } from './features.js';

/** Profile grid: 2θ 10–80°. */
export const PROFILE_RANGE: readonly [number, number] = [10, 80];
/** FWHM of the un-augmented profile, ° 2θ (typical of laboratory scans). */
export const PROFILE_FWHM = 0.2;

/** 2θ (°) of a reflection after scaling every lattice length by `scale` (Bragg: sin θ ∝ 1/d). */
export function scaledTwoTheta(twoTheta: number, scale: number): number {
  const s = Math.sin((twoTheta * Math.PI) / 360) / scale;
  return s >= 1 ? Number.NaN : (360 / Math.PI) * Math.asin(s);
}

/** [P] float32 in [0, 1]: the profile of a peak list; augmented when an rng is given. */
export function drawProfile(peaks: PeakList, points: number, augment: XrdAugmentConfig | null, rng: Rng | null): Float32Array {
  const on = augment !== null && rng !== null;
  const scale = on ? 1 + (2 * rng.uniform() - 1) * augment.latticeScale : 1;
  const fwhm = on ? augment.fwhm[0] + rng.uniform() * (augment.fwhm[1] - augment.fwhm[0]) : PROFILE_FWHM;
  const twoTheta = scale === 1 ? peaks.twoTheta : peaks.twoTheta.map((t) => scaledTwoTheta(t, scale));
  const profile = broadenPeaks(twoTheta, peaks.intensity, { twoThetaRange: [PROFILE_RANGE[0], PROFILE_RANGE[1]], points, fwhm, shape: 'pseudo-voigt', eta: 0.5 });
  if (!on) return profile;
  // Background: a decaying exponential plus a constant, up to `background` of the top peak.
  const amp = rng.uniform() * augment.background;
  const decay = 0.1 + rng.uniform() * 0.5;
  const floor = rng.uniform() * augment.background * 0.3;
  let max = 0;
  for (let i = 0; i < points; i++) {
    const x = i / (points - 1);
    const v = profile[i]! + amp * Math.exp(-x / decay) + floor + rng.normal(0, augment.noise);
    profile[i] = Math.max(0, v);
    max = Math.max(max, profile[i]!);
  }
  if (max > 0) for (let i = 0; i < points; i++) profile[i]! /= max;
  return profile;
}
