// The committed guide is generated from the catalogue and must not drift from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nearestCodes, renderArticle } from '../../src/docs/article.js';
import { renderGuide } from '../../src/docs/guide.js';
import { FINDING_CODES } from '../../src/model/findings.js';

describe('docs', () => {
  it('docs/troubleshooting.md is up to date (regenerate with npm run docs)', () => {
    const committed = readFileSync(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8');
    assert.equal(committed, renderGuide('markdown'));
  });

  it('the guide has every code, and every article has a confirmation and a fix', () => {
    const guide = renderGuide('text');
    for (const code of FINDING_CODES) {
      assert.ok(guide.includes(`${code} — `), `${code} missing from the guide`);
      const article = renderArticle(code, 'text');
      assert.match(article, /How to confirm:\n {2}- /);
      assert.match(article, /Fixes:\n {2}The /);
    }
  });

  it('suggests the nearest codes for a typo', () => {
    assert.deepEqual(nearestCodes('pasv-filtered').slice(0, 1), ['pasv-data-filtered']);
    assert.ok(nearestCodes('control-refuse').includes('control-refused'));
  });
});
