import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport, type ReportInput } from '../../lib/report/report.js';
import { makeDefects, makeFullReportInput, makeProperty, makeRetrieval, makeTrainingCurve } from '../helpers/report_fixtures.js';

/** Charts the full fixture report holds: XRD, training, 2 retrieval, 2 maps, 1 parity, 2 label-fraction, success@k, 2 confusion. */
const FULL_CHARTS = 12;

describe('writing a report folder', function () {
  this.timeout(120000);
  let dir = '';
  let input: ReportInput;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'matalign-report-'));
    mkdirSync(join(dir, 'assets'));
    input = makeFullReportInput(join(dir, 'assets'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes Markdown, HTML, metrics and one SVG and PNG per chart, with every chart inline in the HTML', async () => {
    const files = await writeReport(input, join(dir, 'out'));
    for (const f of [files.markdown, files.html, files.metrics]) expect(existsSync(f)).to.equal(true);
    const figures = readdirSync(join(dir, 'out', 'figures'));
    expect(figures.filter((f) => f.endsWith('.svg'))).to.have.length(FULL_CHARTS);
    expect(figures.filter((f) => f.endsWith('.png'))).to.have.length(FULL_CHARTS + 1);
    expect(files.figures).to.have.length(2 * FULL_CHARTS + 1);
    const html = readFileSync(files.html, 'utf8');
    expect(html.match(/<svg/g)).to.have.length(FULL_CHARTS);
    expect(html.match(/<figure[^>]*class="chart"/g)).to.have.length(FULL_CHARTS);
    expect(html).to.include('src="data:image/png;base64,');
  });

  it('keeps the HTML self-contained: no scripts, stylesheets or network references', () => {
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).not.to.match(/<script|<link|<iframe/i);
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//i);
    expect(html).not.to.match(/url\((['"])?https?:/i);
  });

  it('puts every section in order in Markdown, with figures by relative path', () => {
    const md = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
    const titles = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles).to.deep.equal(['Configuration', 'Data summary', 'Training curves', 'Cross-modal retrieval', 'Embedding map',
      'Property prediction', 'Label efficiency', 'Synthesis recommendation', 'Defect identification']);
    for (const [, path] of md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(existsSync(join(dir, 'out', path!))).to.equal(true);
    expect(md).not.to.include('Omitted');
  });

  it('stores every input number and the derived tables in metrics.json', () => {
    const metrics = JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8'));
    expect(metrics.retrieval).to.deep.equal(makeRetrieval());
    expect(metrics.property).to.deep.equal(makeProperty());
    expect(metrics.training).to.deep.equal(makeTrainingCurve());
    expect(metrics.derived.best_model_per_target).to.have.length(2);
    expect(metrics.derived.aligned_vs_scratch_10pct[0].target).to.equal('formation_energy');
    expect(metrics.omitted_sections).to.deep.equal([]);
  });

  it('omits sections without input with a line saying so, and replaces the previous report whole', async () => {
    const files = await writeReport({ run: 'bare', retrieval: makeRetrieval() }, join(dir, 'out'));
    const md = readFileSync(files.markdown, 'utf8');
    expect(md.match(/_Omitted: [^_]+_/g)).to.have.length(8);
    expect(md).to.include('_Omitted: no synthesis metrics were given._');
    expect(readdirSync(join(dir, 'out', 'figures')).sort()).to.deep.equal(['retrieval_bars.png', 'retrieval_bars.svg', 'retrieval_heatmap.png', 'retrieval_heatmap.svg']);
    expect(readFileSync(files.html, 'utf8').match(/<svg/g)).to.have.length(2);
    expect(JSON.parse(readFileSync(files.metrics, 'utf8')).omitted_sections).to.include('synthesis');
  });

  it('leaves the previous report untouched and no temporary folder when writing fails', async () => {
    const bad = { run: 'bad', xrdPatterns: [{ label: 'x', twoTheta: [10, 20], intensity: [1] }] };
    let error: unknown = null;
    try { await writeReport(bad, join(dir, 'out')); } catch (e) { error = e; }
    expect(String(error)).to.match(/2θ values/);
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).to.include('# matalign report: bare');
    expect(readdirSync(dir).sort()).to.deep.equal(['assets', 'out']);
  });

  it('says so when an example image is missing instead of failing', async () => {
    const files = await writeReport({ run: 'm', defects: makeDefects('absent.png'), defectsDir: join(dir, 'assets') }, join(dir, 'missing'));
    expect(readFileSync(files.markdown, 'utf8')).to.match(/_Image not found: .*absent\.png_/);
  });
});
