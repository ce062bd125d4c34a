// The two waits that are shorter than a step because what they wait for takes a round trip or two: the
// TLS probe of a port that never greeted, and the reply that ends a bulk sample cut at its size.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Observations } from '../../src/model/observations.js';
import { cutReplyWaitMs } from '../../src/probes/data-checks-transfers.js';
import type { ProbeContext } from '../../src/probes/context.js';
import { handshakeWaitMs } from '../../src/probes/tls-mode.js';
import { healthy } from './observations.js';

const withConnect = (ms: number | undefined): Observations => {
  const o = healthy();
  if (ms === undefined) o.connect = { kind: 'timeout', ms: 5000 };
  else if (o.connect?.kind === 'connected') o.connect = { ...o.connect, ms };
  return o;
};
const ctx = (timeoutMs: number) => ({ timeoutMs }) as ProbeContext;

describe('the TLS probe of a silent port', () => {
  it('waits a second and four round trips of the check’s own connect', () => {
    assert.equal(handshakeWaitMs(withConnect(1), ctx(5000)), 1004);
    assert.equal(handshakeWaitMs(withConnect(300), ctx(5000)), 2200);
  });
  it('never longer than a step, and a step when the connect time is unknown', () => {
    assert.equal(handshakeWaitMs(withConnect(2000), ctx(5000)), 5000);
    assert.equal(handshakeWaitMs(withConnect(undefined), ctx(2000)), 2000);
  });
});

describe('the reply that ends a cut sample', () => {
  it('a quarter second and four times the RETR reply’s wait', () => {
    assert.equal(cutReplyWaitMs(2, ctx(5000)), 258);
    assert.equal(cutReplyWaitMs(200, ctx(5000)), 1050);
  });
  it('at most 1.5 s and at most a step', () => {
    assert.equal(cutReplyWaitMs(900, ctx(5000)), 1500);
    assert.equal(cutReplyWaitMs(900, ctx(1000)), 1000);
  });
});
