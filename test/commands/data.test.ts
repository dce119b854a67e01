import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli.js';
import { LoopbackServer, SeenRequest, startServer } from '../helpers/loopback_server.js';
import { SODIUM_CHLORIDE, optimadeNaCl, pymatgenCsCl, webbookCondensedPage, webbookSpeciesPage } from '../helpers/source_fixtures.js';

/** Runs `matalign data …` in this process, collecting stdout and stderr (env set for the run). */
async function runData(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const streams = { stdout: '', stderr: '' };
  const saved = { out: process.stdout.write, err: process.stderr.write, env: { ...process.env } };
  process.stdout.write = ((c: string | Uint8Array) => { streams.stdout += String(c); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => { streams.stderr += String(c); return true; }) as typeof process.stderr.write;
  Object.assign(process.env, env);
  try {
    return { code: await main(['data', ...args]), ...streams };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const k of Object.keys(env)) if (saved.env[k] === undefined) delete process.env[k]; else process.env[k] = saved.env[k];
  }
}

/** Runs `matalign data …` as a user would, in a child process, without blocking this process's server. */
function runDataChild(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'lib/cli.ts', 'data', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const KEY = 'cli-secret-key-987654';

function providers(req: SeenRequest): { status?: number; body: unknown } {
  if (req.path === '/v1/structures') {
    return { body: { data: [{ id: 'oqmd-1', type: 'structures', attributes: optimadeNaCl(5.64, { _oqmd_delta_e: -2.1 }) }], links: { next: null }, meta: { data_returned: 1 } } };
  }
  if (req.path.startsWith('/materials/')) {
    if (req.headers['x-api-key'] !== KEY) return { status: 401, body: { detail: `bad key ${req.headers['x-api-key']}` } };
    const doc = { material_id: 'mp-23', formula_pretty: 'CsCl', band_gap: 5, formation_energy_per_atom: -2, energy_above_hull: 0, elements: ['Cl', 'Cs'], symmetry: { number: 221 }, structure: pymatgenCsCl() };
    return { body: { data: Number(req.query.get('_skip')) === 0 ? [doc] : [], meta: { total_doc: 1 } } };
  }
  const q = Object.fromEntries(req.query);
  return { body: q.Mask === '2' ? webbookCondensedPage(SODIUM_CHLORIDE) : webbookSpeciesPage(SODIUM_CHLORIDE) };
}

describe('matalign data', () => {
  let server: LoopbackServer;
  before(async () => { server = await startServer(providers); });
  after(() => server.close());
  const tmp = () => mkdtempSync(join(tmpdir(), 'matalign-data-cli-'));

  it('prints help for the command and each subcommand', async () => {
    expect((await runData(['--help'])).stdout).to.match(/mirror.*\n.*optimade.*\n.*mp.*\n.*webbook/);
    for (const sub of ['mirror', 'optimade', 'mp', 'webbook']) {
      const r = await runData([sub, '--help']);
      expect(r.code, sub).to.equal(0);
      expect(r.stdout, sub).to.match(new RegExp(`^usage: matalign data ${sub}`));
    }
  });

  it('mirrors a folder into data/, reports what it verified and what is missing', async () => {
    const from = tmp();
    mkdirSync(join(from, 'obelix'));
    writeFileSync(join(from, 'obelix', 'obelix.csv.gz'), 'rows');
    writeFileSync(join(from, 'obelix', 'SOURCE.md'), '# OBELiX\n');
    const to = join(tmp(), 'data');
    const r = await runData(['mirror', '--from', from, '--to', to]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/copied {2}obelix\/obelix.csv.gz {2}4 bytes {2}size ok, sha256 = mirror \(SOURCE.md gives none\)/);
    expect(r.stdout).to.match(/2 files verified by size and sha256 \(0 against a sha256 stated in SOURCE.md\), 2 copied, 0 failed/);
    expect(r.stdout).to.match(/missing from the mirror \(\d+\): mp20\/SOURCE.md/);
    expect(readFileSync(join(to, 'obelix', 'obelix.csv.gz'), 'utf8')).to.equal('rows');
  });

  it('downloads from an OPTIMADE provider, the MP API and the WebBook into files', async () => {
    const dir = tmp();
    const common = ['--cache', join(dir, 'cache'), '--rate', '1000'];
    const o = await runData(['optimade', '--base-url', server.url, '--filter', 'nelements=2', '--properties', '_oqmd_delta_e=formation_energy_per_atom', '--out', join(dir, 'o.csv'), ...common]);
    expect(o.code, o.stderr).to.equal(0);
    expect(o.stdout).to.match(/wrote .*o\.csv: 1 rows/);
    expect(readFileSync(join(dir, 'o.csv'), 'utf8').split('\n')[0]).to.equal('material_id,formula,formation_energy_per_atom,cif');
    const m = await runData(['mp', '--kind', 'summary', '--base-url', server.url, '--out', join(dir, 'm.csv'), ...common], { MP_API_KEY: KEY });
    expect(m.code, m.stderr).to.equal(0);
    expect(m.stdout + m.stderr).not.to.include(KEY);
    const w = await runData(['webbook', '--formula', 'ClNa', '--base-url', `${server.url}/cgi/cbook.cgi`, '--out', join(dir, 'w.json'), ...common]);
    expect(w.code, w.stderr).to.equal(0);
    expect(w.stdout).to.match(/found: Sodium chloride \(C7647145\)\n {2}ΔfH°solid = -411.12 kJ\/mol \(Chase, 1998\)/);
    expect(JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8')).species.cas).to.equal('7647-14-5');
  });

  it('fails with one line, no stack and no key in it on a bad key, a missing key or bad options', async () => {
    const dir = tmp();
    const [bad, noKey, ...usage] = await Promise.all([
      runDataChild(['mp', '--kind', 'summary', '--base-url', server.url, '--no-cache', '--out', join(dir, 'm.csv')], { MP_API_KEY: 'wrong-key-123456' }),
      runDataChild(['mp', '--kind', 'summary', '--out', join(dir, 'm.csv')], { MP_API_KEY: '' }),
      runDataChild(['webbook', '--formula', 'X', '--name', 'Y', '--out', 'a.json']),
      runDataChild(['nonsense']),
    ]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr.trim().split('\n')).to.have.length(1);
    expect(bad.stderr).to.match(/^matalign data: GET .* HTTP 401/).and.not.include('wrong-key-123456');
    expect(existsSync(join(dir, 'm.csv'))).to.equal(false);
    expect(noKey.stderr).to.match(/^matalign data: MP_API_KEY is not set/);
    for (const r of usage) {
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/^matalign data: /).and.not.match(/\n\s+at /);
    }
  });
});
