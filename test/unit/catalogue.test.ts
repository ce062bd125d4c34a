// Every finding code has a rule with a complete article, and the README lists every code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnosis/rules/catalogue.js';
import { FINDING_CODES } from '../../src/model/findings.js';

describe('catalogue', () => {
  for (const code of FINDING_CODES) {
    it(`${code} has a complete article`, () => {
      const rule = CATALOGUE[code];
      assert.equal(rule.code, code);
      for (const text of [rule.title, rule.explanation, rule.likelyRule])
        assert.ok(text.length > 10, `${code}: text too short`);
      assert.ok(rule.fix.length > 0, `${code}: no fix`);
    });
  }

  it('the README lists every finding code', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = FINDING_CODES.filter((code) => !readme.includes(`\`${code}\``));
    assert.deepEqual(missing, []);
  });
});
