import { expect } from 'chai';
import { integerOption, numberOption, OptionError } from '../../lib/commands/options.js';
import { rockSalt } from '../helpers/cif.js';
import { writeTemp } from '../helpers/hostile_fixtures.js';
import { isOneLineRefusal, runMain } from '../helpers/run_main.js';

const COMMANDS = ['structure', 'graph', 'xrd', 'micrograph', 'synthesis', 'pipeline'];

describe('command-line flags', () => {
  it('prints usage and exits 0 for --help and -h of every command', async () => {
    for (const c of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const r = await runMain([c, flag]);
        expect(r.code, `${c} ${flag}`).to.equal(0);
        expect(r.stdout).to.match(new RegExp(`^usage: matalign ${c}`));
      }
    }
  });

  it('reads integers only as decimal integers and checks ranges', () => {
    expect(integerOption('limit', '12', 0, { min: 1 })).to.equal(12);
    for (const bad of ['1.5', '1e3', '0x10', '', 'ten', '99999999999999999999']) expect(() => integerOption('limit', bad, 0), bad).to.throw(OptionError);
    expect(() => integerOption('limit', '0', 0, { min: 1 })).to.throw(OptionError, /≥ 1/);
    expect(() => numberOption('cutoff', '0', 1, { min: 0, exclusiveMin: true })).to.throw(OptionError, /> 0/);
    expect(() => numberOption('cutoff', 'Infinity', 1)).to.throw(OptionError, /number/);
  });

  it('refuses bad values of every validated flag with one line and exit 2', async () => {
    const cif = writeTemp('nacl.cif', rockSalt());
    const jsonl = writeTemp('r.jsonl', '{}\n');
    const cases = [
      ['graph', cif, '--max-neighbors', '0'], ['graph', cif, '--max-neighbors', '2.5'], ['graph', cif, '--cutoff', '-1'],
      ['graph', cif, '--limit', 'x'], ['structure', cif, '--symprec', '0'], ['structure', cif, '--limit', '-3'],
      ['xrd', cif, '--debye-waller', 'Qq=0.5'], ['xrd', cif, '--debye-waller', 'Na=-1'], ['xrd', cif, '--lattice-scale', '100'],
      ['micrograph', cif, '--seed', '1.5'], ['micrograph', cif, '--seed', '-1'], ['micrograph', cif, '--zone', '000'],
      ['synthesis', jsonl, '--show', '2.5'], ['synthesis', jsonl, '--seed', 'abc'], ['pipeline', '.', '--limit', '0'],
      ['structure', cif, '--no-such-flag'],
      ['train', '--preset', 'tiny', '--structures', cif, '--workers', 'two'], ['run', '--preset', 'tiny', '--workers', '-1'],
    ];
    for (const args of cases) {
      const r = await runMain(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(isOneLineRefusal(r), `${args.join(' ')}: ${r.stderr}`).to.equal(true);
    }
  });
});
