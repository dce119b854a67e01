import { expect } from 'chai';
import { structureFromCif } from '../../lib/data/structure/crystal.js';
import { InputError } from '../../lib/errors.js';
import {
  TARGETS, extractTarget, extractTargetColumn, hardnessChen, hardnessTian, targetByName, targetsPresent,
} from '../../lib/eval/targets.js';
import { cesiumChloride } from '../helpers/cif.js';

const row = (fields: Record<string, string>) => ({ fields });

describe('targets', () => {
  it('computes Chen and Tian hardness from K and G by hand', () => {
    // K = 100, G = 50 GPa: k = 0.5; Chen 2 (0.25·50)^0.585 − 3; Tian 0.92·0.5^1.137·50^0.708
    expect(hardnessChen(100, 50)).to.be.closeTo(5.764403291285991, 1e-9);
    expect(hardnessTian(100, 50)).to.be.closeTo(6.674019716882073, 1e-9);
    expect(hardnessChen(200, 150)).to.be.closeTo(23.783360098527883, 1e-9);
    expect(hardnessTian(200, 150)).to.be.closeTo(23.03589526151237, 1e-9);
  });

  it('clips a negative Chen hardness to 0 and flags it', () => {
    const fields = { k_vrh_GPa: '100', g_vrh_GPa: '10' };
    expect(extractTarget(TARGETS.hardness_chen!, row(fields))).to.deep.equal({ value: 0, censored: false, clipped: true });
    const tian = extractTarget(TARGETS.hardness_tian!, row(fields));
    expect(tian).to.include({ clipped: false });
    expect((tian as { value: number }).value).to.be.closeTo(0.342600369754203, 1e-9);
    const col = extractTargetColumn(TARGETS.hardness_chen!, [row(fields), row({ k_vrh_GPa: '100', g_vrh_GPa: '50' })]);
    expect(col.clipped).to.equal(1);
    expect(col.values[1]).to.be.closeTo(5.764403291285991, 1e-9);
  });

  it('takes log10 of the moduli and skips non-positive ones', () => {
    expect(extractTarget(TARGETS.log_kvrh!, row({ k_vrh_GPa: '100' }))).to.deep.equal({ value: 2, censored: false, clipped: false });
    expect(extractTarget(TARGETS.log_gvrh!, row({ g_vrh_GPa: '0' }))).to.have.property('skip');
    expect(extractTarget(TARGETS.hardness_tian!, row({ k_vrh_GPa: '0', g_vrh_GPa: '3' }))).to.have.property('skip');
  });

  it('keeps a censored conductivity as a flagged bound in log10 S/cm', () => {
    const spec = TARGETS.log_ionic_conductivity!;
    const c = 'Ionic conductivity (S cm-1)';
    expect(extractTarget(spec, row({ [c]: '<1E-10' }))).to.deep.equal({ value: -10, censored: true, clipped: false });
    expect(extractTarget(spec, row({ [c]: '0.001' }))).to.deep.equal({ value: -3, censored: false, clipped: false });
    expect(extractTarget({ ...spec, censored: 'exclude' }, row({ [c]: '<1E-10' }))).to.have.property('skip');
    expect(extractTarget(spec, row({ [c]: '' }))).to.have.property('skip');
  });

  it('labels metals by a zero band gap', () => {
    expect(extractTarget(TARGETS.is_metal!, row({ band_gap: '0.0' }))).to.include({ value: 1 });
    expect(extractTarget(TARGETS.is_metal!, row({ band_gap: '1.2' }))).to.include({ value: 0 });
  });

  it('computes density from the structure, else from its column', () => {
    const structure = structureFromCif(cesiumChloride(4.12));
    const expected = ((132.9054519 + 35.453) * 1.6605390666) / 4.12 ** 3;
    const d = extractTarget(TARGETS.density!, { fields: {}, structure });
    expect((d as { value: number }).value).to.be.closeTo(expected, 1e-3);
    expect(extractTarget(TARGETS.density!, row({ density_g_cm3: '7.3' }))).to.include({ value: 7.3 });
    expect(extractTarget(TARGETS.density!, row({}))).to.have.property('skip');
  });

  it('lists the targets a header can give', () => {
    const mp20 = ['', 'material_id', 'formation_energy_per_atom', 'band_gap', 'pretty_formula', 'e_above_hull', 'cif'];
    expect(targetsPresent(mp20).map((t) => t.name)).to.deep.equal(['formation_energy_per_atom', 'band_gap', 'e_above_hull', 'is_metal', 'density']);
    const elastic = ['material_id', 'formula', 'k_vrh_GPa', 'g_vrh_GPa', 'density_g_cm3', 'cif'];
    expect(targetsPresent(elastic).map((t) => t.name)).to.deep.equal(['density', 'log_kvrh', 'log_gvrh', 'hardness_chen', 'hardness_tian']);
    expect(() => targetByName('nope')).to.throw(InputError);
  });
});
