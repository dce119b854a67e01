import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { retrievalHeatmapSpec } from '../../lib/report/charts.js';
import { renderSvg } from '../../lib/report/render.js';
import { writeReport } from '../../lib/report/report.js';
import { renderHtml } from '../../lib/report/report_html.js';
import type { ReportAssets, Section } from '../../lib/report/report_types.js';
import { checkPage, findChromium, runChromium } from '../helpers/chromium.js';
import { makeFullReportInput, makeRetrieval } from '../helpers/report_fixtures.js';

describe('the report as one HTML page', function () {
  this.timeout(180000);
  const chromium = findChromium();

  it('inlines the same chart twice without repeating an id', async () => {
    const svg = await renderSvg(retrievalHeatmapSpec(makeRetrieval()));
    const block = { kind: 'chart', name: 'heat', caption: 'heat', spec: retrievalHeatmapSpec(makeRetrieval()) } as const;
    const sections: Section[] = [{ id: 'a', title: 'A & B', blocks: [{ kind: 'row', blocks: [block, { ...block, name: 'heat2' }] }] }];
    const assets: ReportAssets = { charts: new Map([['heat', { svg, png: 'figures/heat.png' }], ['heat2', { svg, png: 'figures/heat2.png' }]]), images: new Map() };
    const html = renderHtml('T <1>', sections, assets);
    expect(html).to.include('<title>T &lt;1&gt;</title>').and.include('<h2>A &amp; B</h2>').and.include('<div class="row">');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).to.be.greaterThan(2);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it(chromium ? 'renders every chart non-empty in chromium with no console errors'
    : 'renders every chart non-empty in chromium (skipped: no chromium on PATH)', async function () {
    if (!chromium) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'matalign-html-'));
    try {
      mkdirSync(join(dir, 'assets'));
      const files = await writeReport(makeFullReportInput(join(dir, 'assets')), join(dir, 'out'));
      const page = checkPage(chromium!, files.html);
      expect(page.charts).to.have.length(12);
      for (const chart of page.charts) expect(chart).to.include({ drawn: true }).and.to.have.property('width').greaterThan(0);
      expect(page.consoleErrors).to.deep.equal([]);
      const shot = join(dir, 'shot.png');
      runChromium(chromium!, [`--screenshot=${shot}`, '--window-size=1280,3000', '--hide-scrollbars', `file://${files.html}`]);
      const stats = await sharp(shot).stats();
      expect(stats.channels[0]!.min).to.be.lessThan(100);
      expect(stats.channels[0]!.max).to.be.greaterThan(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
