import { expect } from 'chai';
import { defectsSection, propertySection, synthesisSection } from '../../lib/report/report_sections_eval.js';
import type { Block } from '../../lib/report/report_types.js';
import { makeDefects, makeProperty, makeSynthesis } from '../helpers/report_fixtures.js';

const flat = (blocks: Block[]): Block[] => blocks.flatMap((b) => (b.kind === 'row' ? flat(b.blocks) : [b]));
const chartNames = (blocks: Block[]) => flat(blocks).flatMap((b) => (b.kind === 'chart' ? [b.name] : []));

describe('evaluation report sections', () => {
  it('puts each parity plot beside the table of all models at full labels', () => {
    const section = propertySection({ run: 'r', property: makeProperty() });
    const row = section.blocks.find((b) => b.kind === 'row');
    expect(row && row.kind === 'row' ? row.blocks.map((b) => b.kind) : []).to.deep.equal(['chart', 'table']);
    expect(chartNames(section.blocks)).to.deep.equal(['parity_formation_energy']);
  });

  it('shows confusion matrices only at the largest label fraction of each dataset', () => {
    const defects = makeDefects();
    defects.results.push({ ...defects.results[0]!, label_fraction: 0.1 }, { ...defects.results[0]!, dataset: 'neu_det', model: 'aligned', label_fraction: 0.1 });
    expect(chartNames(defectsSection({ run: 'r', defects }).blocks)).to.deep.equal(['confusion_simulated_aligned', 'confusion_simulated_scratch', 'confusion_neu_det_aligned']);
  });

  it('lists synthesis examples with "none" where no proposal hits', () => {
    const table = flat(synthesisSection({ run: 'r', synthesis: makeSynthesis() }).blocks).filter((b) => b.kind === 'table')[1]!;
    expect(table.kind === 'table' ? table.rows[1] : []).to.deep.equal(['BaTiO3', '{BaCO3, TiO2}', '{BaO, TiO2}', 'none']);
  });
});
