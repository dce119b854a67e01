import { expect } from 'chai';
import { parseRecipeRecord } from '../../../lib/data/synthesis/synthesis_record.js';

const where = { source: 't.jsonl', line: 1, id: 't.jsonl:1', kind: 'solid-state' as const };

function record(values: unknown[], min: unknown, max: unknown) {
  return {
    target: { material_formula: 'Li1+xTi2O4', material_string: 'Li1+xTi2O4', amounts_vars: { x: { values, min_value: min, max_value: max } }, composition: [] },
    precursors: [{ material_formula: 'Li2CO3', material_string: 'Li2CO3', composition: [] }],
    operations: [{ type: 'HeatingOperation', token: 'calcined', conditions: {} }],
  };
}

describe('amount variables of recipe records', () => {
  it('reads numbers written as strings', () => {
    const r = parseRecipeRecord(record(['0.1', 0.2], '0.1', '0.2'), where);
    if ('error' in r) throw new Error(r.error);
    expect(r.target.amountVariables.x).to.deep.equal({ values: [0.1, 0.2], min: 0.1, max: 0.2 });
    expect(r.warnings.filter((w) => w.startsWith('non-numeric'))).to.deep.equal([]);
  });

  it('reports values that are not numbers instead of dropping them silently', () => {
    const r = parseRecipeRecord(record(['0.1', 'a few'], 'low', null), where);
    if ('error' in r) throw new Error(r.error);
    expect(r.target.amountVariables.x!.values).to.deep.equal([0.1]);
    expect(r.warnings).to.include('non-numeric amount value: target variable x: "a few"');
    expect(r.warnings).to.include('non-numeric amount minimum: target variable x: "low"');
  });
});
