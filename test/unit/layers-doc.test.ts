// CONTRIBUTING.md's layer tables are drawn from .dependency-cruiser.cjs and from the imports in src/:
// they must not drift from either.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { contributingPath, folderOf, namedPaths, renderLayers, withSection } from '../../scripts/layers.js';

describe('the layers section of CONTRIBUTING.md', () => {
  it('is up to date with the rules and the imports (regenerate with npm run docs)', () => {
    const committed = readFileSync(contributingPath, 'utf8');
    assert.equal(committed, withSection(committed, renderLayers()));
  });

  it('reads the folders a rule names from its path patterns', () => {
    const cases: [string | string[] | undefined, string[]][] = [
      ['^src/model/', ['model/']],
      ['^src/(model|protocol)/', ['model/', 'protocol/']],
      [['^src/check[.]ts$', '^src/(net|safety)/'].join('|'), ['check.ts', 'net/', 'safety/']],
      ['^src/diagnosis/[^/]+[.]ts$', ['diagnosis/*.ts']],
      [undefined, []],
    ];
    for (const [pattern, folders] of cases) assert.deepEqual(namedPaths(pattern), folders, String(pattern));
  });

  it('puts each module in its folder, and diagnosis/ modules in their room', () => {
    const cases: [string, string | undefined][] = [
      ['src/check.ts', 'check.ts'],
      ['src/model/report.ts', 'model/'],
      ['src/agent/reflector/reflector.ts', 'agent/'],
      ['src/diagnosis/rules/wording/tls.ts', 'diagnosis/rules/'],
      ['src/diagnosis/facts/common.ts', 'diagnosis/facts/'],
      ['node_modules/yargs/index.mjs', undefined],
    ];
    for (const [source, folder] of cases) assert.equal(folderOf(source), folder, source);
  });
});
