import { expect } from 'chai';
import {
  atmospherePhrase, conditionPhrases, devicePhrase, joinList, mediumPhrase, operationVerb, temperaturePhrase, timePhrase,
} from '../../../lib/data/synthesis/recipe_phrases.js';
import type { Operation } from '../../../lib/data/synthesis/synthesis.js';

const op = (type: string, token: string, extra: Partial<Operation> = {}): Operation =>
  ({ type, token, temperatures: [], times: [], atmospheres: [], devices: [], media: [], ...extra });

describe('recipe phrases', () => {
  it('writes the paper word as a participle, or the type verb where the word is unusable', () => {
    expect(operationVerb(op('HeatingOperation', 'calcined'))).to.equal('calcined');
    expect(operationVerb(op('HeatingOperation', 'calcination'))).to.equal('calcined');
    expect(operationVerb(op('Mixing', 'grinding'))).to.equal('ground');
    expect(operationVerb(op('Mixing', 'grinded'))).to.equal('ground');
    expect(operationVerb(op('ShapingOperation', 'palletized'))).to.equal('pelletized');
    expect(operationVerb(op('HeatingOperation', 'carried'))).to.equal('heated');
    expect(operationVerb(op('QuenchingOperation', 'Cooling'))).to.equal('cooled');
    expect(operationVerb(op('DryingOperation', 'evaporation'))).to.equal('evaporated');
  });

  it('writes temperatures in whole °C and times in h or min', () => {
    expect(temperaturePhrase({ values: [399.85], min: null, max: null })).to.equal('400 °C');
    expect(temperaturePhrase({ values: [], min: 1400, max: 1480 })).to.equal('1400–1480 °C');
    expect(temperaturePhrase({ values: [800, 1000, 1200], min: 800, max: 1200 })).to.equal('800, 1000 and 1200 °C');
    expect(timePhrase({ values: [12], min: null, max: 12 })).to.equal('12 h');
    expect(timePhrase({ values: [0.5], min: 0.5, max: 0.5 })).to.equal('30 min');
    expect(timePhrase({ values: [], min: 48, max: 72 })).to.equal('48–72 h');
  });

  it('phrases atmospheres, media and devices', () => {
    expect(atmospherePhrase('air')).to.equal('in air');
    expect(atmospherePhrase('argon')).to.equal('under argon');
    expect(atmospherePhrase('5% H2/Ar')).to.equal('under 5% H2/Ar');
    expect(mediumPhrase('ethanol')).to.equal('in ethanol');
    expect(mediumPhrase('citric acid')).to.equal('with citric acid');
    expect(devicePhrase('agate', 'ground')).to.equal('in an agate mortar');
    expect(devicePhrase('zirconia', 'ball-milled')).to.equal('using zirconia milling media');
    expect(devicePhrase('water', 'dissolved')).to.equal('in water');
  });

  it('orders conditions as media, device, temperature, time, atmosphere', () => {
    const heat = op('HeatingOperation', 'calcined', {
      temperatures: [{ values: [1200], min: null, max: 1200 }], times: [{ values: [12], min: null, max: 12 }], atmospheres: ['air'],
    });
    expect(conditionPhrases(heat, 'calcined', false)).to.deep.equal(['at 1200 °C', 'for 12 h', 'in air']);
    expect(conditionPhrases(heat, 'calcined', true)).to.deep.equal(['for 12 h', 'at 1200 °C', 'in air']);
    expect(joinList(['a', 'b', 'c'])).to.equal('a, b and c');
  });
});
