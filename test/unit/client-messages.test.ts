// The client-message table holds together: each entry's own message matches its pattern, and a message
// that belongs to another entry does not sneak in through a loose pattern.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_MESSAGES, matchClientMessage } from '../../src/docs/client-messages.js';
import { GLOSSARY, glossaryEntry } from '../../src/docs/glossary.js';

describe('client messages', () => {
  it('matches each entry by its own message, first', () => {
    for (const m of CLIENT_MESSAGES) assert.equal(matchClientMessage(m.message)[0], m, m.message);
  });

  it('tells curl exit codes apart (7 is not 67, 28 is not 8)', () => {
    const first = (text: string): string | undefined => matchClientMessage(text)[0]?.message;
    assert.match(first('curl exit 67') ?? '', /\(67\)/);
    assert.match(first('curl exit 7') ?? '', /\(7\)/);
    assert.match(first('curl error 28') ?? '', /\(28\)/);
    assert.deepEqual(matchClientMessage('curl exit 8'), []);
  });

  it('finds every glossary entry by its term and its aliases, and no alias twice', () => {
    const seen = new Set<string>();
    for (const e of GLOSSARY) {
      assert.equal(glossaryEntry(e.term.toUpperCase()), e);
      for (const a of e.aliases) {
        assert.ok(!seen.has(a.toLowerCase()), `alias ${a} is used twice`);
        seen.add(a.toLowerCase());
        assert.equal(glossaryEntry(a), e, a);
      }
    }
  });
});
