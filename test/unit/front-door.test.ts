// The front door's pure parts: which POSTs a browser could have been made to send from another site,
// which body types the JSON API takes, how callers are keyed for their limits, and the bounded queue.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { bodyTypeRefusal, crossSiteRefusal } from '../../src/agent/guard.js';
import { callerKey, Gate, GateRefused, PerKey } from '../../src/agent/limits.js';

describe('cross-site POSTs', () => {
  const host = 'agent.example:9821';
  const cases: [string, IncomingHttpHeaders, number | undefined][] = [
    ['curl: no Origin, no Sec-Fetch-Site', { host }, undefined],
    [
      'the agent page itself',
      { host, origin: 'http://agent.example:9821', 'sec-fetch-site': 'same-origin' },
      undefined,
    ],
    ['behind a TLS proxy keeping Host', { host: 'agent.example', origin: 'https://agent.example' }, undefined],
    ['the port written out', { host: 'agent.example', origin: 'http://agent.example:80' }, undefined],
    ['typed in the address bar', { host, 'sec-fetch-site': 'none' }, undefined],
    ['another site', { host, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
    ['a sibling subdomain', { host, origin: 'http://www.agent.example:9821', 'sec-fetch-site': 'same-site' }, 403],
    ['Sec-Fetch-Site alone', { host, 'sec-fetch-site': 'cross-site' }, 403],
    ['Origin alone, another port', { host, origin: 'http://agent.example:9822' }, 403],
    ['Origin alone, another host', { host, origin: 'http://127.0.0.2:9821' }, 403],
    ['Origin null (sandboxed frame)', { host, origin: 'null' }, 403],
    ['Origin of another scheme', { host, origin: 'file://agent.example:9821' }, 403],
    ['no Host to compare with', { origin: 'http://agent.example:9821' }, 403],
  ];
  for (const [name, headers, status] of cases)
    it(`${name}: ${status ?? 'passes'}`, () => {
      assert.equal(crossSiteRefusal(headers)?.status, status);
    });
});

describe('JSON body type', () => {
  const cases: [string, IncomingHttpHeaders, number | undefined][] = [
    ['application/json', { 'content-type': 'application/json', 'content-length': '2' }, undefined],
    ['with a charset', { 'content-type': 'Application/JSON; charset=utf-8', 'content-length': '2' }, undefined],
    ['no body, no type', {}, undefined],
    ['an empty body, no type', { 'content-length': '0' }, undefined],
    ['a body without a type', { 'content-length': '2' }, 415],
    ['a chunked body without a type', { 'transfer-encoding': 'chunked' }, 415],
    ["a form's text/plain", { 'content-type': 'text/plain', 'content-length': '40' }, 415],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' }, 415],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '90' }, 415],
    ['a look-alike', { 'content-type': 'application/json-seq', 'content-length': '2' }, 415],
  ];
  for (const [name, headers, status] of cases)
    it(`${name}: ${status ?? 'taken'}`, () => {
      assert.equal(bodyTypeRefusal(headers)?.status, status);
    });
});

describe('callers as their limits count them', () => {
  const cases: [string, number | undefined, string][] = [
    ['192.0.2.7', undefined, '192.0.2.7'],
    ['::ffff:192.0.2.7', undefined, '192.0.2.7'],
    ['2001:db8:1:2:aaaa::1', undefined, '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', undefined, '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::9', undefined, '2001:db8:1:2::/64'],
    ['2001:db8:1:3::1', undefined, '2001:db8:1:3::/64'],
    ['2001:db8:1:2:aaaa::1', 48, '2001:db8:1::/48'],
    ['2001:db8:1:2:aaaa::1', 56, '2001:db8:1::/56'],
    ['2001:db8:1:2ff::1', 56, '2001:db8:1:200::/56'],
    ['2001:db8:1:2:aaaa::1', 128, '2001:db8:1:2:aaaa::1/128'],
    ['::1', undefined, '::/64'],
  ];
  for (const [address, prefix, key] of cases)
    it(`${address}${prefix === undefined ? '' : ` /${prefix}`} → ${key}`, () => {
      assert.equal(callerKey(address, prefix), key);
    });

  it('three addresses of one /64 are one caller; the next /64 is another', () => {
    const keys = ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:1:2:3:4'].map((a) => callerKey(a));
    assert.equal(new Set(keys).size, 1);
    assert.notEqual(callerKey('2001:db8:5:7::1'), keys[0]);
  });
});

describe('per-key holdings', () => {
  it('holds at most the limit per key, each release once', () => {
    const held = new PerKey(2);
    const a = held.take('a');
    const b = held.take('a');
    assert.ok(a && b);
    assert.equal(held.take('a'), undefined);
    assert.ok(held.take('b'), 'another key has its own');
    a();
    a();
    assert.equal(held.held('a'), 1);
    assert.ok(held.take('a'));
  });
});

describe('the wait queue', () => {
  it('is bounded: a full queue refuses at once', async () => {
    const gate = new Gate(1, 2);
    const release = await gate.enter();
    const waiting = [gate.enter(), gate.enter()];
    await assert.rejects(gate.enter(), (err) => err instanceof GateRefused && err.reason === 'queue-full');
    release();
    (await waiting[0])?.();
    (await waiting[1])?.();
    assert.equal(gate.running, 0);
  });

  it('lets a caller that has gone leave it, never starting', async () => {
    const gate = new Gate(1, 4);
    const release = await gate.enter();
    const gone = new AbortController();
    const leaving = gate.enter(gone.signal);
    const staying = gate.enter();
    assert.equal(gate.waiting, 2);
    gone.abort();
    await assert.rejects(leaving, (err) => err instanceof GateRefused && err.reason === 'abandoned');
    assert.equal(gate.waiting, 1);
    release();
    (await staying)();
    assert.equal(gate.running, 0);
    await assert.rejects(gate.enter(gone.signal), GateRefused);
  });
});
