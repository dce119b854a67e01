import { expect } from 'chai';
import { buildSections } from '../../lib/report/report_sections.js';
import type { Block } from '../../lib/report/report_types.js';
import { makeEmbeddingPoints, makeTrainingCurve } from '../helpers/report_fixtures.js';

const flat = (blocks: Block[]): Block[] => blocks.flatMap((b) => (b.kind === 'row' ? flat(b.blocks) : [b]));

describe('report sections', () => {
  it('keeps all nine sections in order and notes each one without input', () => {
    const sections = buildSections({ run: 'r' });
    expect(sections.map((s) => s.id)).to.deep.equal(['config', 'data', 'training', 'retrieval', 'embedding', 'property', 'label_fraction', 'synthesis', 'defects']);
    for (const s of sections) expect(s.blocks).to.have.length(1).and.to.have.nested.property('[0].kind', 'note');
  });

  it('summarises training with the final and best validation R@1', () => {
    const training = buildSections({ run: 'r', training: makeTrainingCurve() })[2]!;
    const table = flat(training.blocks).find((b) => b.kind === 'table');
    expect(table && table.kind === 'table' ? table.rows : []).to.deep.include(['best validation R@1 (epoch 5)', 0.5]);
  });

  it('draws only the embedding maps the points can be coloured by', () => {
    const points = makeEmbeddingPoints().map(({ crystal_system: _, ...p }) => p);
    const embedding = buildSections({ run: 'r', embedding: { points, method: 'PCA' } })[4]!;
    expect(flat(embedding.blocks).filter((b) => b.kind === 'chart').map((b) => (b.kind === 'chart' ? b.name : ''))).to.deep.equal(['embedding_by_property']);
  });

  it('shows example micrographs with the data summary, one image block each', () => {
    const data = buildSections({ run: 'r', micrographs: [{ label: 'STEM: vacancy', png: '/a/v.png' }, { label: 'NEU-DET: crazing', png: '/a/c.png' }] })[1]!;
    const images = flat(data.blocks).filter((b) => b.kind === 'image');
    expect(images.map((b) => (b.kind === 'image' ? [b.caption, b.source] : []))).to.deep.equal([['STEM: vacancy', '/a/v.png'], ['NEU-DET: crazing', '/a/c.png']]);
  });
});
