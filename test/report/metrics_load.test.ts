import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../lib/errors.js';
import {
  parseDefectMetrics, parsePropertyMetrics, parseRetrievalMetrics, parseTrainingCurve, readMetricsFile, readRunMetrics,
} from '../../lib/report/metrics_load.js';
import { makeDefects, makeProperty, makeRetrieval, makeSynthesis, makeTrainingCurve } from '../helpers/report_fixtures.js';

describe('reading metrics files', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'matalign-metrics-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts every fixture shape as it is', () => {
    expect(parseRetrievalMetrics(makeRetrieval())).to.deep.equal(makeRetrieval());
    expect(parsePropertyMetrics(makeProperty())).to.deep.equal(makeProperty());
    expect(parseDefectMetrics(makeDefects())).to.deep.equal(makeDefects());
  });

  it('parses metrics.jsonl line by line, skipping blank lines, and names a bad line', () => {
    const text = makeTrainingCurve().map((e) => JSON.stringify(e)).join('\n') + '\n\n';
    expect(parseTrainingCurve(text)).to.have.length(5);
    expect(() => parseTrainingCurve('{"epoch": 1}\n{oops')).to.throw(InputError, /line 1: "train_loss"/);
    expect(() => parseTrainingCurve(`${JSON.stringify(makeTrainingCurve()[0])}\n{oops`)).to.throw(InputError, /line 2: not valid JSON/);
  });

  it('names the file and key of a malformed value', () => {
    const bad = { ...makeRetrieval(), results: [{ ...makeRetrieval().results[0]!, 'R@10': 'high' }] };
    expect(() => parseRetrievalMetrics(bad, 'r.json')).to.throw(InputError, /r\.json results\[0\]: "R@10" must be a number/);
    const ragged = makeDefects();
    ragged.results[0]!.confusion = [[1, 2, 3]];
    expect(() => parseDefectMetrics(ragged)).to.throw(InputError, /3 × 3/);
    const parity = makeProperty();
    parity.targets.formation_energy!.parity![0]!.y_pred.pop();
    expect(() => parsePropertyMetrics(parity)).to.throw(InputError, /y_true has 6 values, y_pred 5/);
  });

  it('reads the files a run directory holds and leaves the others out', () => {
    writeFileSync(join(dir, 'metrics.jsonl'), makeTrainingCurve().map((e) => JSON.stringify(e)).join('\n'));
    writeFileSync(join(dir, 'synthesis.json'), JSON.stringify(makeSynthesis()));
    const input = readRunMetrics(dir, 'run-1');
    expect(input.run).to.equal('run-1');
    expect(input.training).to.have.length(5);
    expect(input.synthesis!.results).to.have.length(3);
    expect(input).not.to.have.property('retrieval');
    expect(input).not.to.have.property('defects');
  });

  it('reports a missing or unparsable file in one line', () => {
    expect(() => readMetricsFile('property', join(dir, 'none.json'))).to.throw(InputError, /cannot read/);
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => readMetricsFile('defects', join(dir, 'bad.json'))).to.throw(InputError, /not valid JSON/);
  });
});
