import { expect } from 'chai';
import pl from 'nodejs-polars';
import { formatCell, frameToHtml, frameToMarkdown, tableToMarkdown } from '../../lib/report/table_format.js';

describe('Markdown and HTML tables', () => {
  it('formats numbers to significant digits, integers as they are, and nulls as a dash', () => {
    expect(formatCell(0.123456)).to.equal('0.123');
    expect(formatCell(42)).to.equal('42');
    expect(formatCell(1.5e-5)).to.equal('1.50e-5');
    expect(formatCell(null)).to.equal('–');
    expect(formatCell(Number.NaN)).to.equal('–');
  });

  it('writes a Markdown table with numeric columns right-aligned and pipes escaped', () => {
    const md = tableToMarkdown(['model', 'mae'], [['a|b', 0.5]]);
    expect(md.split('\n')).to.deep.equal(['| model | mae |', '| --- | ---: |', '| a\\|b | 0.5 |']);
  });

  it('renders a DataFrame as Markdown and as escaped HTML', () => {
    const frame = pl.DataFrame({ model: ['<scratch>', 'aligned'], r2: [0.5, 0.75] });
    expect(frameToMarkdown(frame)).to.include('| aligned | 0.75 |');
    const html = frameToHtml(frame);
    expect(html).to.include('<th>model</th>').and.include('&lt;scratch&gt;').and.include('<td class="num">0.75</td>');
    expect(html.match(/<tr>/g)).to.have.length(3);
  });
});
