// Writes a run's report folder: report.md, a self-contained report.html, metrics.json with
// every number, and figures/ (each chart as SVG and PNG, example images). The folder is
// built beside its destination and swapped in by rename, so a reader or a crash never sees
// half a report.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { renderChart } from './render.js';
import { renderHtml } from './report_html.js';
import { renderMarkdown } from './report_markdown.js';
import { buildSections } from './report_sections.js';
import type { Block, ReportAssets, ReportFiles, ReportInput, Section } from './report_types.js';
import { alignedVsScratch, bestModelPerTarget, retrievalMatrix } from './tables.js';

export type { ReportFiles, ReportInput } from './report_types.js';

function* allBlocks(blocks: readonly Block[]): Generator<Block> {
  for (const b of blocks) {
    if (b.kind === 'row') yield* allBlocks(b.blocks);
    else yield b;
  }
}

/** Gives repeated chart and image names a numeric suffix so no figure overwrites another. */
function uniquifyNames(sections: Section[]): void {
  const seen = new Map<string, number>();
  for (const s of sections) {
    for (const b of allBlocks(s.blocks)) {
      if (b.kind !== 'chart' && b.kind !== 'image') continue;
      const n = seen.get(b.name) ?? 0;
      seen.set(b.name, n + 1);
      if (n > 0) b.name = b.kind === 'image' ? b.name.replace(/\.png$/, `_${n}.png`) : `${b.name}_${n}`;
    }
  }
}

/** Renders every chart and reads every image into figures/ under dir. */
async function writeAssets(sections: readonly Section[], dir: string): Promise<{ assets: ReportAssets; figures: string[] }> {
  const assets: ReportAssets = { charts: new Map(), images: new Map() };
  const figures: string[] = [];
  mkdirSync(join(dir, 'figures'), { recursive: true });
  for (const s of sections) {
    for (const b of allBlocks(s.blocks)) {
      if (b.kind === 'chart') {
        const chart = await renderChart(b.spec);
        writeFileSync(join(dir, 'figures', `${b.name}.svg`), chart.svg);
        writeFileSync(join(dir, 'figures', `${b.name}.png`), chart.png);
        figures.push(`figures/${b.name}.svg`, `figures/${b.name}.png`);
        assets.charts.set(b.name, { svg: chart.svg, png: `figures/${b.name}.png` });
      } else if (b.kind === 'image') {
        const bytes = existsSync(b.source) ? readFileSync(b.source) : null;
        if (bytes) {
          writeFileSync(join(dir, 'figures', b.name), bytes);
          figures.push(`figures/${b.name}`);
        }
        assets.images.set(b.name, { bytes, path: `figures/${b.name}` });
      }
    }
  }
  return { assets, figures };
}

/** Every number of the report: the inputs as given plus the derived tables. */
function collectMetrics(input: ReportInput, sections: readonly Section[], figures: readonly string[]): Record<string, unknown> {
  const derived: Record<string, unknown> = {};
  if (input.property && Object.keys(input.property.targets).length > 0) {
    derived.best_model_per_target = bestModelPerTarget(input.property, 1).toRecords();
    derived.aligned_vs_scratch_10pct = alignedVsScratch(input.property, 0.1).toRecords();
  }
  if (input.retrieval && input.retrieval.results.length > 0) derived.retrieval_R10_matrix = retrievalMatrix(input.retrieval).toRecords();
  const omitted = sections.filter((s) => s.blocks.length === 1 && s.blocks[0]!.kind === 'note').map((s) => s.id);
  return {
    run: input.run,
    title: input.title ?? null,
    config: input.config ?? null,
    data_summary: input.dataSummary ?? null,
    training: input.training ?? null,
    retrieval: input.retrieval ?? null,
    embedding: input.embedding ?? null,
    property: input.property ?? null,
    synthesis: input.synthesis ?? null,
    defects: input.defects ?? null,
    xrd_patterns: input.xrdPatterns ?? null,
    derived,
    omitted_sections: omitted,
    figures,
  };
}

/** Replaces dest by the finished folder src: the old report stays whole until the swap. */
function swapInto(src: string, dest: string): void {
  const old = `${dest}.old-${randomBytes(4).toString('hex')}`;
  const hadOld = existsSync(dest);
  if (hadOld) renameSync(dest, old);
  try {
    renameSync(src, dest);
  } catch (e) {
    if (hadOld) renameSync(old, dest);
    throw e;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/**
 * Writes the report for `input` into outDir (created or replaced): report.md, report.html,
 * metrics.json and figures/. Sections without input keep a line saying what is missing.
 */
export async function writeReport(input: ReportInput, outDir: string): Promise<ReportFiles> {
  if (!input.run) throw new InputError('report: the run name is empty');
  const dest = resolve(outDir);
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const sections = buildSections(input);
    uniquifyNames(sections);
    mkdirSync(tmp, { recursive: true });
    const { assets, figures } = await writeAssets(sections, tmp);
    const title = input.title ?? `matalign report: ${input.run}`;
    writeFileSync(join(tmp, 'report.md'), renderMarkdown(title, sections, assets));
    writeFileSync(join(tmp, 'report.html'), renderHtml(title, sections, assets));
    writeFileSync(join(tmp, 'metrics.json'), `${JSON.stringify(collectMetrics(input, sections, figures), null, 2)}\n`);
    swapInto(tmp, dest);
    return { dir: dest, markdown: join(dest, 'report.md'), html: join(dest, 'report.html'), metrics: join(dest, 'metrics.json'), figures };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
