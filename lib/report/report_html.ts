// Lays out the report's sections as one self-contained HTML page: charts inline as SVG,
// images as data URIs, styles inline; no scripts and nothing fetched from the network.
import { prefixSvgIds } from './render.js';
import type { Block, ReportAssets, Section } from './report_types.js';
import { escapeHtml, tableToHtml } from './table_format.js';

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .85rem; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; } caption { caption-side: top; text-align: left; font-weight: bold; padding: .3rem 0; }
figure { margin: .6rem 0; } figcaption { font-size: .85rem; color: #555; } figure svg, figure img { max-width: 100%; height: auto; }
.row { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.note { color: #777; font-style: italic; } pre { background: #f7f7f7; padding: .8rem; overflow-x: auto; font-size: .8rem; }
nav ul { columns: 2; }`;

function blockToHtml(block: Block, assets: ReportAssets, index: { n: number }): string {
  switch (block.kind) {
    case 'text': return `<p>${escapeHtml(block.text)}</p>`;
    case 'note': return `<p class="note">${escapeHtml(block.text)}</p>`;
    case 'code': return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'table': {
      const html = tableToHtml(block.columns, block.rows);
      return block.caption ? html.replace('<table>', `<table>\n<caption>${escapeHtml(block.caption)}</caption>`) : html;
    }
    case 'chart': {
      const fig = assets.charts.get(block.name);
      if (!fig) return `<p class="note">Chart ${escapeHtml(block.name)} could not be rendered.</p>`;
      index.n += 1;
      return `<figure id="fig-${escapeHtml(block.name)}" class="chart">${prefixSvgIds(fig.svg, `f${index.n}-`)}<figcaption>${escapeHtml(block.caption)}</figcaption></figure>`;
    }
    case 'image': {
      const img = assets.images.get(block.name);
      if (!img?.bytes) return `<p class="note">Image not found: ${escapeHtml(block.source)}</p>`;
      return `<figure class="image"><img alt="${escapeHtml(block.caption)}" src="data:image/png;base64,${img.bytes.toString('base64')}" style="image-rendering: pixelated; min-width: 128px"><figcaption>${escapeHtml(block.caption)}</figcaption></figure>`;
    }
    case 'row': return `<div class="row">${block.blocks.map((b) => blockToHtml(b, assets, index)).join('\n')}</div>`;
  }
}

/** The whole report as one HTML document. */
export function renderHtml(title: string, sections: readonly Section[], assets: ReportAssets): string {
  const index = { n: 0 };
  const toc = sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const body = sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map((b) => blockToHtml(b, assets, index)).join('\n')}\n</section>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<nav><ul>${toc}</ul></nav>
${body.join('\n')}
</body>
</html>
`;
}
