// The reflector's wire forms (PORT and EPRT arguments as a server reads them, the SITE CLIENT hex form)
// and its nonce book (random, one login each, expiring), with a clock of the test's own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonceBook } from '../../src/agent/reflector/nonces.js';
import type { ReflectorView } from '../../src/model/reflect.js';
import { canonicalAddress, sameAddress } from '../../src/protocol/address.js';
import { decodeClientHex, encodeClientHex, parseEprtArgument, parsePortArgument } from '../../src/protocol/reflect.js';
import { arrival } from '../../src/probes/reflect.js';
import { readView } from '../../src/remote/reflector-client.js';
import { viewOf } from './reflect-observations.js';
import { reply } from './observations.js';

describe('PORT arguments', () => {
  const cases: [string, { address: string; port: number } | undefined][] = [
    ['192,168,1,2,156,66', { address: '192.168.1.2', port: 40002 }],
    ['203,0,113,9,0,21', { address: '203.0.113.9', port: 21 }],
    ['127,0,0,1,255,255', { address: '127.0.0.1', port: 65535 }],
    ['192,168,1,2,0,0', undefined],
    ['192,168,1,256,1,1', undefined],
    ['192,168,1,2,1', undefined],
    ['192, 168,1,2,1,1', undefined],
    ['192,168,1,2,1,1,1', undefined],
    ['', undefined],
    ['a,b,c,d,e,f', undefined],
  ];
  for (const [text, want] of cases)
    it(`"${text}"`, () => {
      const got = parsePortArgument(text);
      assert.deepEqual(got && { address: got.address, port: got.port }, want);
    });
});

describe('EPRT arguments', () => {
  const cases: [string, { address: string; port: number; family: 4 | 6 } | undefined][] = [
    ['|1|132.235.1.2|6275|', { address: '132.235.1.2', port: 6275, family: 4 }],
    ['|2|1080::8:800:200C:417A|5282|', { address: '1080::8:800:200c:417a', port: 5282, family: 6 }],
    ['!2!::1!40002!', { address: '::1', port: 40002, family: 6 }],
    ['|2|0:0:0:0:0:0:0:1|40002|', { address: '::1', port: 40002, family: 6 }],
    ['|1|::1|40002|', undefined],
    ['|2|192.0.2.1|40002|', undefined],
    ['|3|192.0.2.1|40002|', undefined],
    ['|1|192.0.2.1|0|', undefined],
    ['|1|192.0.2.1|65536|', undefined],
    ['|2|fe80::1%eth0|40002|', undefined],
    ['|1|192.0.2.1|40002', undefined],
    ['1|1|192.0.2.1|40002|', undefined],
  ];
  for (const [text, want] of cases) it(`"${text}"`, () => assert.deepEqual(parseEprtArgument(text), want));
});

describe('the SITE CLIENT hex form', () => {
  const cases: [string, number, string][] = [
    ['192.168.1.2', 40002, 'c0a801029c42'],
    ['127.0.0.1', 21, '7f0000010015'],
    ['::1', 40002, '000000000000000000000000000000019c42'],
    ['2001:db8::8:800:200c:417a', 1, '20010db80000000000080800200c417a0001'],
    ['::ffff:192.0.2.1', 1025, 'c00002010401'],
  ];
  for (const [address, port, hex] of cases)
    it(`${address} port ${port} ⇄ ${hex}`, () => {
      assert.equal(encodeClientHex(address, port), hex);
      const back = decodeClientHex(hex.toUpperCase());
      assert.equal(back?.port, port);
      assert.ok(sameAddress(back.address, address));
    });
  it('refuses what is no address and port', () => {
    for (const bad of ['', 'c0a80102', 'c0a801029c4', 'c0a801029c42ff', 'zza801029c42', 'c0a801020000'])
      assert.equal(decodeClientHex(bad), undefined, bad);
    assert.equal(encodeClientHex('host.example', 21), undefined);
    assert.equal(encodeClientHex('192.0.2.1', 0), undefined);
  });
  it('compares IPv6 addresses however they are written', () => {
    assert.equal(canonicalAddress('2001:DB8:0:0:0:0:0:2'), '2001:db8::2');
    assert.ok(sameAddress('::ffff:127.0.0.1', '127.0.0.1'));
    assert.ok(!sameAddress('2001:db8::2', '2001:db8::3'));
  });
});

const VIEW: ReflectorView = {
  peer: { address: '127.0.0.1', port: 1 },
  local: { address: '127.0.0.1', port: 2 },
  tls: false,
  announced: null,
  ports: [],
  callbacks: [],
  passive: [],
};

describe('the nonce book', () => {
  const clock = (): { now: () => number; add: (ms: number) => void } => {
    let t = 1_000_000;
    return { now: () => t, add: (ms) => (t += ms) };
  };

  /** A nonce for `owner`, or '' when refused. */
  const take = (book: NonceBook, owner = '192.0.2.1'): string => {
    const issued = book.issue(owner);
    return issued.kind === 'issued' ? issued.nonce : '';
  };

  it('gives 128 random bits, different each time', () => {
    const book = new NonceBook();
    const a = take(book);
    const b = take(book);
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(a, b);
  });

  it('lets each nonce log in once, and keeps the view under it', () => {
    const book = new NonceBook();
    const nonce = take(book);
    assert.equal(book.view(nonce), undefined);
    assert.ok(book.known(nonce));
    assert.equal(book.use(nonce, VIEW), true);
    assert.equal(book.use(nonce, VIEW), false);
    assert.equal(book.view(nonce), VIEW);
    assert.equal(book.use('0'.repeat(32), VIEW), false);
  });

  it('lets a nonce expire unused, and forgets a view after a while', () => {
    const c = clock();
    const book = new NonceBook({ ttlMs: 120_000, keepMs: 300_000, now: c.now });
    const late = take(book);
    const used = take(book);
    c.add(119_000);
    assert.equal(book.use(used, VIEW), true);
    c.add(2_000);
    assert.equal(book.use(late, VIEW), false, 'expired after 2 minutes');
    assert.equal(book.known(late), false);
    assert.equal(book.view(used), VIEW);
    c.add(300_000);
    assert.equal(book.view(used), undefined);
  });

  it('refuses to issue beyond its size, until nonces expire', () => {
    const c = clock();
    const book = new NonceBook({ max: 2, ttlMs: 1000, now: c.now });
    assert.ok(take(book, 'a'));
    assert.ok(take(book, 'b'));
    assert.deepEqual(book.issue('c'), { kind: 'full' });
    c.add(1000);
    assert.ok(take(book, 'c'));
  });

  it("holds a few nonces per caller: one caller's unused ones refuse only that caller", () => {
    const book = new NonceBook({ perCaller: 3 });
    for (let i = 0; i < 3; i++) assert.ok(take(book, 'greedy'));
    assert.deepEqual(book.issue('greedy'), { kind: 'caller-full', limit: 3 });
    assert.ok(take(book, 'other'), 'another caller still gets one');
  });

  it("makes room in a caller's share by forgetting its oldest view, never an unused nonce", () => {
    const book = new NonceBook({ perCaller: 2 });
    const first = take(book);
    const second = take(book);
    assert.equal(book.use(first, VIEW), true);
    const third = take(book);
    assert.ok(third, 'the used first nonce made room');
    assert.equal(book.known(first), false);
    assert.ok(book.known(second) && book.known(third));
    assert.deepEqual(book.issue('192.0.2.1'), { kind: 'caller-full', limit: 2 });
  });
});

describe('how the nonce arrived', () => {
  const nonce = '0123456789abcdef0123456789abcdef';
  const complete = (text: string) =>
    ({
      kind: 'complete',
      ms: 1,
      bytes: text.length,
      truncated: false,
      final: reply(226, 'ok'),
      listing: { text, cut: false },
    }) as const;
  it('intact, with or without its line end', () => {
    assert.deepEqual(arrival(complete(`${nonce}\r\n`), nonce), { kind: 'intact' });
    assert.deepEqual(arrival(complete(nonce), nonce), { kind: 'intact' });
  });
  it('changed', () => assert.equal(arrival(complete(`X${nonce.slice(1)}\r\n`), nonce).kind, 'changed'));
  it('missing when no transfer completed', () => {
    assert.equal(arrival(undefined, nonce).kind, 'missing');
    assert.equal(arrival({ kind: 'stalled', ms: 1, bytes: 0, waitingFor: 'data' }, nonce).kind, 'missing');
  });
});

describe("the agent's answer read as a reflector's view", () => {
  it('a view as the reflector writes it', () => {
    const view = viewOf({ local: '192.168.1.2', peer: '203.0.113.9' });
    assert.deepEqual(readView(JSON.parse(JSON.stringify(view))), view);
  });
  it('anything else is no view', () => {
    const good = viewOf();
    const bad: unknown[] = [
      null,
      [],
      'view',
      { ...good, peer: '203.0.113.9' },
      { ...good, ports: {} },
      { ...good, ports: [{ ...good.ports[0], parsed: 'x' }] },
      { ...good, callbacks: [{ ...good.callbacks[0], outcome: 'maybe' }] },
      { ...good, passive: Array.from({ length: 65 }, () => good.passive[0]) },
      { ...good, announced: { text: 1, parsed: null } },
    ];
    for (const body of bad) assert.equal(readView(body), undefined, JSON.stringify(body).slice(0, 80));
  });
});
