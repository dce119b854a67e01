import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataFileError } from '../../../lib/data/io/text_files.js';
import {
  RecordIssue, kindFromFileName, loadRecipes, parseRecipeLine, readRecipes,
} from '../../../lib/data/synthesis/synthesis.js';
import { SOLID_STATE_SAMPLE, SOL_GEL_SAMPLE } from '../../helpers/synthesis_fixtures.js';

function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'matalign-synthesis-')), name);
  writeFileSync(path, content);
  return path;
}

describe('readRecipes', () => {
  it('reads real solid-state records into typed recipes', async () => {
    const recipes = [];
    for await (const r of readRecipes(SOLID_STATE_SAMPLE)) recipes.push(r);
    expect(recipes).to.have.length(4);
    const r = recipes[0]!;
    expect(r.id).to.equal('solid-state_sample.jsonl:1');
    expect(r.kind).to.equal('solid-state');
    expect(r.doi).to.equal('10.1016/j.materresbull.2007.07.027');
    expect(r.target).to.include({ formula: 'Ba2HoTaO6', mpId: 'mp-13000' });
    expect(r.precursors.map((p) => p.formula)).to.deep.equal(['Ta2O5', 'BaCO3', 'Ho2O3']);
    expect(r.operations.map((o) => o.token)).to.deep.equal(['dried', 'ground', 'drying', 'heated', 'reground', 'pressed', 'reground', 'repelleted']);
    expect(r.operations[1]!.media).to.deep.equal(['acetone']);
    expect(r.operations[3]!.temperatures).to.deep.equal([{ values: [1200], min: null, max: 1200 }]);
    expect(r.operations[3]!.times).to.deep.equal([{ values: [12], min: null, max: 12 }]);
    expect(r.excerpt).to.match(/^All materials were obtained from Aldrich Chemicals<\.\.\.>/);
    expect(r.splitKey).to.equal('C:Ba:0.2000,Ho:0.1000,O:0.6000,Ta:0.1000');
    expect(r.warnings).to.deep.equal([]);
  });

  it('keeps amount variables, their values and the listed members', async () => {
    const recipes = [];
    for await (const r of readRecipes(SOLID_STATE_SAMPLE)) recipes.push(r);
    const r = recipes[1]!;
    expect(r.target.amountVariables).to.deep.equal({ x: { values: [0.2, 0.2], min: 0.2, max: 0.2 } });
    expect(r.targetMembers).to.deep.equal(['La3Nb0.5Ga5.3Al0.2O14', 'La3Nb0.5Ga5.3Al0.2O14']);
    expect(r.operations[1]!.temperatures).to.deep.equal([{ values: [], min: 1400, max: 1480 }]);
    expect(recipes[3]!.operations[0]!.atmospheres).to.deep.equal(['air']);
    expect(recipes[2]!.target.additives).to.deep.equal(['Eu']);
  });

  it('reads gzip by its bytes and normalises sol-gel kelvin, days and minutes', async () => {
    const recipes = [];
    for await (const r of readRecipes(SOL_GEL_SAMPLE)) recipes.push(r);
    expect(recipes.map((r) => r.kind)).to.deep.equal(['sol-gel', 'sol-gel']);
    const anneal = recipes[0]!.operations.find((o) => o.type === 'HeatingOperation')!;
    expect(anneal.temperatures).to.deep.equal([
      { values: [299.85], min: 299.85, max: 299.85 }, { values: [276.85], min: 276.85, max: 276.85 },
    ]);
    expect(anneal.times).to.deep.equal([{ values: [72], min: 72, max: 72 }]);
    const short = recipes[1]!.operations.find((o) => o.type === 'HeatingOperation')!;
    expect(short.temperatures[0]!.values).to.deep.equal([699.85]);
    expect(short.times[0]!.values).to.deep.equal([0.5]);
  });

  it('reports malformed lines with line and reason and keeps reading', async () => {
    const good = readFileSync(SOLID_STATE_SAMPLE, 'utf8').split('\n')[0]!;
    const record = JSON.parse(good);
    record.operations[3].conditions.heating_time[0].units = 'fortnight';
    const lines = [
      '{"doi": "10.1/x", "target": ', // truncated JSON
      '[1, 2]',
      '',
      '{"doi": "10.1/y", "target": null}',
      '{"target": {"material_formula": ""}}',
      JSON.stringify(record),
      good,
    ];
    const issues: RecordIssue[] = [];
    const path = tempFile('broken.jsonl', lines.join('\n') + '\n');
    const collection = await loadRecipes([path], { onIssue: (i) => issues.push(i) });
    expect(collection.records).to.equal(6);
    expect(collection.recipes.map((r) => r.line)).to.deep.equal([6, 7]);
    expect(issues.map((i) => [i.line, i.severity, i.reason])).to.deep.equal([
      [1, 'skipped', 'invalid JSON'], [2, 'skipped', 'not a JSON object'], [4, 'skipped', 'no target'],
      [5, 'skipped', 'target without formula'], [6, 'warning', 'unknown time unit'],
    ]);
    expect(issues[4]!.id).to.equal('broken.jsonl:6');
    expect(issues[4]!.detail).to.contain("'fortnight'");
    expect(collection.recipes[0]!.operations[3]!.times).to.deep.equal([]);
    expect(collection.issues).to.deep.equal(issues);
  });

  it('keeps partial records and reports what they lack', () => {
    const line = JSON.stringify({ target: { material_formula: 'TiO2' }, operations: [null, { token: 'fired' }] });
    const { recipe, issues } = parseRecipeLine(line, { source: 'x.jsonl', line: 3, kind: 'unknown' });
    expect(recipe!.target.formula).to.equal('TiO2');
    expect(recipe!.operations.map((o) => o.type)).to.deep.equal(['UnknownOperation']);
    expect(issues.map((i) => i.reason)).to.deep.equal(['no precursors', 'malformed operation', 'operation without type']);
  });

  it('accepts single strings where lists are expected (sol-gel conditions)', () => {
    const line = JSON.stringify({
      target: { material_formula: 'LiCoO2' }, precursors: [],
      operations: [{ type: 'MixingOperation', token: 'stirred', conditions: { mixing_media: 'water', mixing_device: null } }],
    });
    const { recipe } = parseRecipeLine(line, { source: 's.jsonl', line: 1, kind: 'sol-gel' });
    expect(recipe!.operations[0]!.media).to.deep.equal(['water']);
    expect(recipe!.operations[0]!.devices).to.deep.equal([]);
  });

  it('throws a clear error for a missing file', async () => {
    let error: unknown;
    try {
      for await (const _ of readRecipes('/nonexistent/recipes.jsonl.gz')) void _;
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DataFileError);
    expect((error as Error).message).to.contain('/nonexistent/recipes.jsonl.gz');
  });

  it('reads several files, gzip or not, counting records per file', async () => {
    const gz = tempFile('solid-state_copy.jsonl.gz', gzipSync(readFileSync(SOLID_STATE_SAMPLE)));
    const c = await loadRecipes([SOLID_STATE_SAMPLE, gz, SOL_GEL_SAMPLE]);
    expect(c.records).to.equal(10);
    expect(c.recordsPerFile).to.deep.equal({ 'solid-state_sample.jsonl': 4, 'solid-state_copy.jsonl.gz': 4, 'sol-gel_sample.jsonl.gz': 2 });
  });

  it('reads a file that starts with a byte-order mark and has CRLF line ends', async () => {
    const lines = readFileSync(SOLID_STATE_SAMPLE, 'utf8').trim().split('\n');
    const c = await loadRecipes([tempFile('bom.jsonl', '\uFEFF' + lines.join('\r\n') + '\r\n')]);
    expect([c.records, c.recipes.length, c.issues.length]).to.deep.equal([4, 4, 0]);
  });

  it('guesses the synthesis kind from a file name', () => {
    expect(kindFromFileName('/d/sol-gel_2020-07-13.heldout.jsonl.gz')).to.equal('sol-gel');
    expect(kindFromFileName('solid_state.jsonl')).to.equal('solid-state');
    expect(kindFromFileName('recipes.jsonl')).to.equal('unknown');
  });
});
