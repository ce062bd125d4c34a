// Where the check connects, as the dns stage decides it: the chosen address, the control port, and an
// address of the other family for the connect stage's fallback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetOf } from '../../src/probes/dns.js';

describe('targetOf', () => {
  it('takes a literal address as it is, with nothing to fall back to', () => {
    assert.deepEqual(targetOf({ kind: 'literal', address: '::1', family: 6 }, 21), {
      address: { address: '::1', family: 6 },
      port: 21,
      otherFamily: undefined,
    });
  });

  it('uses the chosen address, and the first of the other family for the fallback', () => {
    const v6 = { address: '2001:db8::1', family: 6 as const };
    const v4 = { address: '192.0.2.1', family: 4 as const };
    const second4 = { address: '192.0.2.2', family: 4 as const };
    assert.deepEqual(targetOf({ kind: 'resolved', ms: 1, addresses: [v6, v4, second4], chosen: v6 }, 2121), {
      address: v6,
      port: 2121,
      otherFamily: v4,
    });
    assert.deepEqual(targetOf({ kind: 'resolved', ms: 1, addresses: [v4, second4], chosen: v4 }, 21), {
      address: v4,
      port: 21,
      otherFamily: undefined,
    });
  });

  it('has no target when the name did not resolve', () => {
    assert.equal(targetOf({ kind: 'failed', ms: 1, reason: 'not-found', errno: 'ENOTFOUND' }, 21), undefined);
  });
});
