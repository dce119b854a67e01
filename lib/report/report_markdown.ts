// Lays out the report's sections as Markdown: charts and images by their PNG under figures/.
import type { Block, ReportAssets, Section } from './report_types.js';
import { tableToMarkdown } from './table_format.js';

function blockToMarkdown(block: Block, assets: ReportAssets): string {
  switch (block.kind) {
    case 'text': return block.text;
    case 'note': return `_${block.text}_`;
    case 'code': return `\`\`\`json\n${block.text}\n\`\`\``;
    case 'table': return `${block.caption ? `**${block.caption}**\n\n` : ''}${tableToMarkdown(block.columns, block.rows)}`;
    case 'chart': {
      const fig = assets.charts.get(block.name);
      return fig ? `![${block.caption}](${fig.png})\n\n${block.caption}` : `_Chart ${block.name} could not be rendered._`;
    }
    case 'image': {
      const img = assets.images.get(block.name);
      return img?.bytes ? `![${block.caption}](${img.path})\n\n${block.caption}` : `_Image not found: ${block.source}_`;
    }
    case 'row': return block.blocks.map((b) => blockToMarkdown(b, assets)).join('\n\n');
  }
}

/** The whole report as Markdown. */
export function renderMarkdown(title: string, sections: readonly Section[], assets: ReportAssets): string {
  const toc = sections.map((s) => `- [${s.title}](#${s.id.replace(/_/g, '-')})`).join('\n');
  const body = sections.map((s) => `<a id="${s.id.replace(/_/g, '-')}"></a>\n\n## ${s.title}\n\n${s.blocks.map((b) => blockToMarkdown(b, assets)).join('\n\n')}`);
  return `# ${title}\n\n${toc}\n\n${body.join('\n\n')}\n`;
}
