import { expect } from 'chai';
import {
  Quantity, normaliseQuantity, quantityMax, quantityNumbers, toCelsius, toHours,
} from '../../../lib/data/synthesis/synthesis_units.js';

const anyValue = () => true;

describe('synthesis units', () => {
  it('converts temperatures to °C from °C, C and K', () => {
    expect(toCelsius(800, '°C')).to.equal(800);
    expect(toCelsius(800, 'C')).to.equal(800);
    expect(toCelsius(673, 'K')).to.equal(399.85);
    expect(toCelsius(1273.15, 'K')).to.equal(1000);
    expect(toCelsius(212, '°F')).to.equal(100);
    expect(toCelsius(5, 'furlongs')).to.equal(null);
  });

  it('converts times to hours from every spelling in the data', () => {
    expect(toHours(30, 'min')).to.equal(0.5);
    expect(toHours(90, 'minutes')).to.equal(1.5);
    for (const unit of ['h', 'hr', 'hrs', 'hour', 'hours']) expect(toHours(2, unit), unit).to.equal(2);
    expect(toHours(3, 'day')).to.equal(72);
    expect(toHours(7, 'd')).to.equal(168);
    expect(toHours(1, 'weeks')).to.equal(168);
    expect(toHours(1, 'fortnight')).to.equal(null);
  });

  it('normalises a record condition with values and a range', () => {
    const q = normaliseQuantity({ values: [1073, 1273], min_value: 1073, max_value: 1273, units: 'K' }, 'temperature', anyValue);
    expect(q).to.deep.equal({ values: [799.85, 999.85], min: 799.85, max: 999.85 });
    const range = normaliseQuantity({ values: [], min_value: 2, max_value: 3, units: 'day' }, 'time', anyValue);
    expect(range).to.deep.equal({ values: [], min: 48, max: 72 });
  });

  it('swaps a reversed range and keeps a missing end as null', () => {
    expect(normaliseQuantity({ values: [], min_value: 80, max_value: 70, units: '°C' }, 'temperature', anyValue))
      .to.deep.equal({ values: [], min: 70, max: 80 });
    expect(normaliseQuantity({ values: [1200], min_value: null, max_value: 1200, units: 'C' }, 'temperature', anyValue))
      .to.deep.equal({ values: [1200], min: null, max: 1200 });
  });

  it('reports unknown units, missing values and values out of range', () => {
    expect(normaliseQuantity({ values: [3], units: 'fortnight' }, 'time', anyValue)).to.deep.equal({ error: 'unknown time unit', detail: "'fortnight'" });
    expect(normaliseQuantity({ values: [], units: 'h' }, 'time', anyValue)).to.have.property('error', 'time without a value');
    expect(normaliseQuantity({ values: [-500], units: 'K' }, 'temperature', (v) => v >= -273.15)).to.have.property('error', 'temperature out of range');
  });

  it('names the numbers to print and the largest one', () => {
    const single: Quantity = { values: [1200], min: null, max: 1200 };
    const range: Quantity = { values: [], min: 1400, max: 1480 };
    const listed: Quantity = { values: [800, 1000], min: 800, max: 1000 };
    expect(quantityNumbers(single)).to.deep.equal({ kind: 'values', numbers: [1200] });
    expect(quantityNumbers(range)).to.deep.equal({ kind: 'range', numbers: [1400, 1480] });
    expect(quantityNumbers(listed)).to.deep.equal({ kind: 'values', numbers: [800, 1000] });
    expect([single, range, listed].map(quantityMax)).to.deep.equal([1200, 1480, 1000]);
  });
});
