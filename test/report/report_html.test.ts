import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { retrievalHeatmapSpec } from '../../lib/report/charts.js';
import { renderSvg } from '../../lib/report/render.js';
import { writeReport } from '../../lib/report/report.js';
import { renderHtml } from '../../lib/report/report_html.js';
import type { ReportAssets, Section } from '../../lib/report/report_types.js';
import { makeFullReportInput, makeRetrieval } from '../helpers/report_fixtures.js';

/** Debian's chromium, when installed; the browser test needs it. */
function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser']) {
    const which = spawnSync('which', [name], { encoding: 'utf8' });
    if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  }
  return null;
}

function runChromium(chromium: string, profile: string, args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', ...args,
  ], { encoding: 'utf8', timeout: 90000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr };
}

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
      const url = `file://${files.html}`;
      const dom = runChromium(chromium!, mkdtempSync(join(dir, 'profile-')), ['--dump-dom', url]);
      const svgs = [...dom.stdout.matchAll(/<svg\b([^>]*)>([\s\S]*?)<\/svg>/g)];
      expect(svgs).to.have.length(12);
      for (const [, attrs, body] of svgs) {
        expect(Number(/width="([\d.]+)"/.exec(attrs!)?.[1])).to.be.greaterThan(0);
        expect(body).to.match(/<path|<rect|<line/);
      }
      const consoleErrors = dom.stderr.split('\n').filter((l) => /CONSOLE|Uncaught|Refused to|Failed to load|net::ERR/.test(l));
      expect(consoleErrors).to.deep.equal([]);
      const shot = join(dir, 'shot.png');
      runChromium(chromium!, mkdtempSync(join(dir, 'profile-')), [`--screenshot=${shot}`, '--window-size=1280,3000', '--hide-scrollbars', url]);
      const stats = await sharp(shot).stats();
      expect(stats.channels[0]!.min).to.be.lessThan(100);
      expect(stats.channels[0]!.max).to.be.greaterThan(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
