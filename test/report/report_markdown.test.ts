import { expect } from 'chai';
import { renderMarkdown } from '../../lib/report/report_markdown.js';
import type { ReportAssets, Section } from '../../lib/report/report_types.js';

describe('the report as Markdown', () => {
  it('links figures by their PNG, notes missing ones, and writes a table of contents', () => {
    const sections: Section[] = [{
      id: 'label_fraction', title: 'Label efficiency', blocks: [
        { kind: 'chart', name: 'c', caption: 'Curve.', spec: { mark: 'point' } as never },
        { kind: 'chart', name: 'lost', caption: 'Lost.', spec: { mark: 'point' } as never },
        { kind: 'image', name: 'i.png', caption: 'Image.', source: '/nowhere/i.png' },
        { kind: 'table', caption: 'T', columns: ['a'], rows: [[1]] },
      ],
    }];
    const assets: ReportAssets = { charts: new Map([['c', { svg: '<svg/>', png: 'figures/c.png' }]]), images: new Map([['i.png', { bytes: null, path: 'figures/i.png' }]]) };
    const md = renderMarkdown('Title', sections, assets);
    expect(md).to.include('- [Label efficiency](#label-fraction)').and.include('<a id="label-fraction"></a>');
    expect(md).to.include('![Curve.](figures/c.png)').and.include('_Chart lost could not be rendered._').and.include('_Image not found: /nowhere/i.png_');
    expect(md).to.include('**T**\n\n| a |');
  });
});
