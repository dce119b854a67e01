// Small XRDML scans written in code for tests.

/** A small XRDML document: evenly spaced 2θ from start to end, the given counts. */
export function xrdml(counts: number[], start = 20, end = 60, extra = ''): string {
  return `\uFEFF<?xml version="1.0"?>
<xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/2.2">
  <xrdMeasurement measurementType="Scan">
    <usedWavelength intended="K-Alpha 1">
      <kAlpha1 unit="Angstrom">1.5405980</kAlpha1><kAlpha2 unit="Angstrom">1.5444260</kAlpha2>
      <ratioKAlpha2KAlpha1>0.5000</ratioKAlpha2KAlpha1>
    </usedWavelength>
    <scan><dataPoints>
      <positions axis="2Theta" unit="deg"><startPosition>${start}</startPosition><endPosition>${end}</endPosition></positions>
      <positions axis="Omega" unit="deg"><startPosition>${start / 2}</startPosition><endPosition>${end / 2}</endPosition></positions>
      <commonCountingTime unit="seconds">2.0</commonCountingTime>${extra}
      <counts unit="counts">${counts.join(' ')}</counts>
    </dataPoints></scan>
  </xrdMeasurement>
</xrdMeasurements>`;
}

/** Counts of one Gaussian peak (FWHM 0.3°) on a sloping background, 2θ from 20° to 60°. */
export function peakOnBackground(n: number, center: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const t = 20 + (40 * i) / (n - 1);
    return Math.round(500 - 4 * t + 2000 * Math.exp(-4 * Math.LN2 * ((t - center) / 0.3) ** 2));
  });
}
