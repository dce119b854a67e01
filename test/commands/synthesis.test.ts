import { expect } from 'chai';
import { FCC_OPS, cifText, rockSalt } from '../helpers/cif.js';
import { runCli, tempFile } from '../helpers/cli.js';
import { SOLID_STATE_SAMPLE, SOL_GEL_SAMPLE } from '../helpers/synthesis_fixtures.js';

const leadTelluride = cifText({ cell: [6.46, 6.46, 6.46, 90, 90, 90], ops: FCC_OPS, sites: [['Pb', 0, 0, 0], ['Te', 0.5, 0.5, 0.5]], name: 'PbTe' });
const csv = (rows: [string, string][]) => 'material_id,cif\n' + rows.map(([id, cif]) => `${id},"${cif}"`).join('\n') + '\n';

describe('matalign synthesis', () => {
  it('counts records, usable ones and reported ones grouped by reason, as JSON', () => {
    const broken = tempFile('sol-gel_broken.jsonl', '{"target": \n[]\n');
    const { code, stdout } = runCli(['synthesis', SOLID_STATE_SAMPLE, SOL_GEL_SAMPLE, broken, '--json']);
    expect(code).to.equal(0);
    const s = JSON.parse(stdout);
    expect(s).to.include({ records: 8, usable: 6, skipped: 2, with_precursors: 6, with_firing_temperature: 6 });
    expect(s.kinds).to.deep.equal({ 'solid-state': 4, 'sol-gel': 2 });
    expect(s.reported.skipped).to.deep.equal({ 'invalid JSON': 1, 'not a JSON object': 1 });
    expect(s.skipped_lines.map((l: { id: string }) => l.id)).to.deep.equal(['sol-gel_broken.jsonl:1', 'sol-gel_broken.jsonl:2']);
  });

  it('links to a structure table by mp_id and composition', () => {
    const table = tempFile('structures.csv', csv([['mp-19717', leadTelluride], ['mp-22862', rockSalt()]]));
    const { code, stdout } = runCli(['synthesis', SOLID_STATE_SAMPLE, '--structures', table, '--json']);
    expect(code).to.equal(0);
    const links = JSON.parse(stdout).links;
    expect(links).to.deep.include({ structures: 2, structures_skipped: 0, linked_recipes: 1, linked_structures: 1 });
    expect(links.by_rule.mp_id).to.deep.equal({ recipes: 1, structures: 1, links: 1 });
    expect(links.by_rule.composition).to.deep.equal({ recipes: 1, structures: 1, links: 1 });
  });

  it('shows N seeded descriptions with their precursor sets, the same for the same seed', () => {
    const run = (seed: string) => JSON.parse(runCli(['synthesis', SOLID_STATE_SAMPLE, '--show', '2', '--seed', seed, '--json']).stdout).shown;
    const shown = run('5');
    expect(shown).to.have.length(2);
    for (const s of shown) {
      expect(s.text).to.contain(s.target);
      expect(s.masked).not.to.contain(s.target);
      expect(s.precursors.length).to.be.greaterThan(0);
    }
    expect(run('5')).to.deep.equal(shown);
  });

  it('prints a readable summary without --json', () => {
    const { code, stdout } = runCli(['synthesis', SOLID_STATE_SAMPLE, '--show', '1']);
    expect(code).to.equal(0);
    expect(stdout).to.match(/^records 4, usable 4, skipped 0\n/);
    expect(stdout).to.contain('precursors: ');
  });

  it('fails with one line and a non-zero code for a missing file or no file', () => {
    const missing = runCli(['synthesis', '/nonexistent/recipes.jsonl.gz', '--json']);
    expect(missing.code).to.equal(1);
    expect(missing.stdout).to.equal('');
    expect(missing.stderr.trim().split('\n')).to.deep.equal(['matalign synthesis: cannot read /nonexistent/recipes.jsonl.gz: no such file or not readable']);
    expect(runCli(['synthesis']).code).to.equal(2);
    expect(runCli(['synthesis', SOLID_STATE_SAMPLE, '--show', 'many']).code).to.equal(2);
  });
});
