import { expect } from 'chai';
import * as vega from 'vega';
import { estimateTextWidth, installTextMetrics } from '../../lib/report/text_metrics.js';

describe('text widths for headless chart layout', () => {
  it('measures narrow glyphs narrower than wide ones, bold wider than regular, and scales with size', () => {
    expect(estimateTextWidth('iiii', 10)).to.be.lessThan(estimateTextWidth('MMMM', 10));
    expect(estimateTextWidth('Epoch', 10, true)).to.be.greaterThan(estimateTextWidth('Epoch', 10));
    expect(estimateTextWidth('Epoch', 20)).to.be.closeTo(2 * estimateTextWidth('Epoch', 10), 1e-9);
    // Vega's own guess is 0.8 em per character; DejaVu Sans text averages near 0.6 em.
    expect(estimateTextWidth('formation energy', 10)).to.be.within(0.5 * 10 * 16, 0.7 * 10 * 16);
  });

  it('makes Vega measure with the table when no canvas is present', () => {
    installTextMetrics();
    installTextMetrics();
    const metrics = (vega as unknown as { textMetrics: { width: (item: object, text: string) => number } }).textMetrics;
    expect(metrics.width({ fontSize: 12, fontWeight: 'bold' }, 'R@10')).to.be.closeTo(estimateTextWidth('R@10', 12, true), 1e-9);
  });
});
