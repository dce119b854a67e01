import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { checkPage, findChromium } from '../helpers/chromium.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';
import { sharedFile } from '../helpers/shared_data.js';
import { SOLID_STATE_SAMPLE } from '../helpers/synthesis_fixtures.js';

const MP20 = sharedFile('mp20/train_partial.csv.gz');
const ALAB = sharedFile('alab_xrd_dara/xrdml_shared.zip');
const ALAB_LABELS = sharedFile('alab_xrd_dara/labels.csv.gz');

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A data folder laid out like the shared one: the first `rows` real MP-20 rows, real recipes and A-Lab scans. */
function tinyDataFolder(rows: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'matalign-run-'));
  const table = parse(gunzipSync(readFileSync(MP20!)), { columns: false }) as string[][];
  mkdirSync(join(dir, 'mp20'));
  writeFileSync(join(dir, 'mp20/train_partial.csv.gz'), gzipSync(table.slice(0, rows + 1).map((r) => r.map(quote).join(',')).join('\n') + '\n'));
  mkdirSync(join(dir, 'synthesis'));
  copyFileSync(SOLID_STATE_SAMPLE, join(dir, 'synthesis/solid-state_2019-12-03.shared.jsonl.gz'));
  if (ALAB && ALAB_LABELS) {
    mkdirSync(join(dir, 'alab_xrd_dara'));
    copyFileSync(ALAB, join(dir, 'alab_xrd_dara/xrdml_shared.zip'));
    copyFileSync(ALAB_LABELS, join(dir, 'alab_xrd_dara/labels.csv.gz'));
  }
  return dir;
}

describe('matalign run (tiny preset on a few real rows)', function () {
  this.timeout(300_000);
  let data = '';
  let out = '';
  let first: Awaited<ReturnType<typeof runMain>>;

  before(async function () {
    if (!MP20) this.skip();
    data = tinyDataFolder(80);
    out = join(data, 'reports', 'tiny');
    first = await runMain(['run', '--preset', 'tiny', '--data', data, '--out', out, '--backend', 'wasm']);
  });

  after(() => { if (data && !process.env.MATALIGN_KEEP) rmSync(data, { recursive: true, force: true }); });

  it('trains, evaluates and writes the report, ending with its path and a results table', () => {
    expect(first.code, first.stderr).to.equal(0);
    for (const n of [1, 2, 3, 4, 5]) expect(first.stderr).to.include(`[${n}/5]`);
    expect(first.stdout).to.match(/^report: .*report\.html/);
    expect(first.stdout).to.match(/training: 3 epochs/).and.match(/structure → composition\s+\d+\s+[\d.]+/);
    for (const f of ['report.md', 'report.html', 'metrics.json', 'retrieval.json', 'run/run.json', 'run/metrics.jsonl']) expect(existsSync(join(out, f)), f).to.equal(true);
  });

  it('scores only the held-out test split in retrieval.json', () => {
    const retrieval = JSON.parse(readFileSync(join(out, 'retrieval.json'), 'utf8'));
    const split = JSON.parse(readFileSync(join(out, 'run/split.json'), 'utf8'));
    expect(retrieval.scope).to.equal('test');
    expect(retrieval.results.length).to.be.greaterThan(0);
    for (const r of retrieval.results) expect(r.n).to.be.at.most(split.test.length);
  });

  it('draws training curves, retrieval, both embedding maps, the XRD examples and micrographs', () => {
    const figures = readdirSync(join(out, 'figures'));
    for (const name of ['training_curves', 'retrieval_heatmap', 'retrieval_bars', 'embedding_by_property', 'embedding_by_crystal_system', 'xrd_patterns']) {
      expect(figures, name).to.include(`${name}.png`).and.include(`${name}.svg`);
    }
    expect(figures.filter((f) => f.startsWith('micrograph_'))).to.have.length(5);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.embedding.points.every((p: { crystal_system?: string }) => typeof p.crystal_system === 'string')).to.equal(true);
    expect(metrics.xrd_patterns[0].label).to.match(/^measured|^simulated/);
    expect(first.stderr).to.match(/note: no NEU-DET micrographs/);
  });

  it('renders every chart of the report in chromium with no console errors', function () {
    const chromium = findChromium();
    if (!chromium) this.skip();
    const page = checkPage(chromium!, join(out, 'report.html'));
    expect(page.charts.length).to.be.at.least(6);
    for (const chart of page.charts) expect(chart).to.include({ drawn: true }).and.to.have.property('width').greaterThan(0);
    expect(page.consoleErrors).to.deep.equal([]);
  });

  it('continues the finished run when called again, and refuses another seed in the same folder', async () => {
    const again = await runMain(['run', '--preset', 'tiny', '--data', data, '--out', out, '--backend', 'wasm']);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.match(/continuing the run/);
    expect(readFileSync(join(out, 'run/metrics.jsonl'), 'utf8').trim().split('\n')).to.have.length(3);
    const other = await runMain(['run', '--preset', 'tiny', '--data', data, '--out', out, '--seed', '7', '--backend', 'wasm']);
    expect(other.code, other.stderr).to.equal(1);
    expect(other.stderr.trimEnd().split('\n').pop()).to.match(/^matalign run: .*another config or data.*--fresh/);
    expect(other.stderr).not.to.match(/\n\s+at /);
  });
});

describe('matalign run refusals', () => {
  it('names the folder when --data has no structure table', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'matalign-run-empty-'));
    const r = await runMain(['run', '--preset', 'tiny', '--data', empty]);
    expect(isOneLineRefusal(r), r.stderr).to.equal(true);
    expect(r.stderr).to.include('no structure table');
  });

  it('rejects an unknown preset as a usage error', async () => {
    const r = await runMain(['run', '--preset', 'huge']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--preset must be one of tiny, small, full/);
  });
});
