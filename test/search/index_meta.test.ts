import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, readIndexMeta } from '../../lib/search/index_meta.js';

describe('index metadata', () => {
  it('writes configs with sorted keys so equal configs hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).to.equal('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('names a missing folder, a folder that is no index and damaged metadata', () => {
    const dir = mkdtempSync(join(tmpdir(), 'matalign-meta-'));
    expect(() => readIndexMeta(join(dir, 'none'))).to.throw(/no such index folder/);
    expect(() => readIndexMeta(dir)).to.throw(/not a matalign index/);
    writeFileSync(join(dir, 'index.json'), '[1, 2');
    expect(() => readIndexMeta(dir)).to.throw(/damaged index metadata/);
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ format: 'matalign-index-1', dim: -1 }));
    expect(() => readIndexMeta(dir)).to.throw(/damaged index metadata/);
  });
});
