// The agent's pure parts: the address policy, the token check, the limits and the request reader.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offeredSecret, tokenCheck } from '../../src/agent/auth.js';
import { readCheckRequest } from '../../src/agent/checks.js';
import { Gate, RateLimit } from '../../src/agent/limits.js';
import { addressRule, type AddressRule, isLoopbackListener, refusal } from '../../src/agent/policy.js';
import { parseTargetPatterns } from '../../src/settings/target-patterns.js';
import { canonicalAddress } from '../../src/protocol/address.js';
import { authProblem } from '../../src/agent/auth.js';
import { callerOf, loggedPath } from '../../src/agent/server.js';
import { UsageError } from '../../src/settings/usage-error.js';

describe('agent address policy', () => {
  const rules: [string, AddressRule | undefined][] = [
    ['192.0.2.1', undefined],
    ['8.8.8.8', undefined],
    ['2001:db8::21', undefined],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', undefined],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.254', 'carrier-grade-nat'],
    ['100.128.0.1', undefined],
    ['198.17.255.255', undefined],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.254', 'benchmarking'],
    ['198.20.0.1', undefined],
    ['::ffff:198.18.2.2', 'benchmarking'],
    ['64:ff9b::c612:0202', 'benchmarking'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:192.0.2.1', undefined],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::203.0.113.7', undefined],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:cb00:7107::1', undefined],
    ['not-an-address', 'reserved'],
  ];
  for (const [address, rule] of rules)
    it(`${address}: ${rule ?? 'allowed'}`, () => {
      assert.equal(addressRule(address), rule);
    });

  it('compares addresses in one canonical form', () => {
    assert.equal(canonicalAddress('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(canonicalAddress('2001:DB8:0::1'), canonicalAddress('2001:db8::0:1'));
  });

  it('knows loopback listeners', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) assert.ok(isLoopbackListener(host), host);
    for (const host of ['0.0.0.0', '::', '192.0.2.1', '10.0.0.1']) assert.ok(!isLoopbackListener(host), host);
  });

  const enforced = { enforced: true, allowTargets: undefined, onlyAllowTargets: false, own: new Set(['192.0.2.50']) };
  const use = (host: string, addresses: string[], port = 21) => ({ host, port, addresses, sendsPassword: false });
  it('refuses by rule, naming it, every address of a name', () => {
    assert.equal(refusal(enforced, use('ftp.example.com', ['192.0.2.1'])), undefined);
    assert.match(refusal(enforced, use('10.0.0.5', ['10.0.0.5'])) ?? '', /refused by rule private/);
    // A name with one public and one loopback address is refused: the check may connect to either.
    assert.match(
      refusal(enforced, use('mixed.example', ['192.0.2.1', '127.0.0.1'])) ?? '',
      /mixed\.example \(127\.0\.0\.1\).*loopback/,
    );
    assert.match(refusal(enforced, use('192.0.2.50', ['192.0.2.50'])) ?? '', /agent-own-address/);
    assert.equal(refusal({ ...enforced, enforced: false }, use('10.0.0.5', ['10.0.0.5'])), undefined);
  });

  it('lets allowTargets address patterns lift the rules for addresses, never for names', () => {
    const policy = { ...enforced, allowTargets: parseTargetPatterns(['10.0.0.*:21', 'ftp.lan:*', '[fd00::5]:21']) };
    assert.equal(refusal(policy, use('10.0.0.7', ['10.0.0.7'])), undefined);
    assert.match(refusal(policy, use('10.0.0.7', ['10.0.0.7'], 22)) ?? '', /private/);
    assert.equal(refusal(policy, use('fd00::5', ['fd00::5'])), undefined);
    assert.equal(refusal(policy, use('ftp.lan', ['10.0.0.9'])), undefined, 'its address is named by 10.0.0.*:21');
    assert.match(
      refusal(policy, use('ftp.lan', ['192.168.1.4'])) ?? '',
      /rule private/,
      'a name pattern lifts no rule',
    );
    assert.match(refusal(policy, use('10.0.0.attacker.example', ['127.0.0.1'])) ?? '', /rule loopback/);
  });
});

describe('agent token', () => {
  const token = 'a-long-enough-token-123';
  const check = tokenCheck(token);
  const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;
  it('takes Bearer, and Basic with any user and the token as password', () => {
    assert.ok(check(`Bearer ${token}`));
    assert.ok(check(`bearer ${token}`));
    assert.ok(check(basic(`anyone:${token}`)));
    assert.ok(check(basic(`:${token}`)));
    assert.equal(offeredSecret(basic('user:pass:with:colons')), 'pass:with:colons');
  });
  it('refuses a missing, wrong, longer, shorter or misplaced token', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      basic(`${token}:x`),
      basic(token),
      `Token ${token}`,
      `Basic ${token}`,
    ])
      assert.ok(!check(header), String(header));
  });
  it('refuses to start beyond loopback without a token, or with a weak one', () => {
    assert.equal(authProblem('127.0.0.1', undefined, false), undefined);
    assert.match(authProblem('0.0.0.0', undefined, false) ?? '', /needs a token/);
    assert.equal(authProblem('0.0.0.0', undefined, true), undefined);
    assert.equal(authProblem('0.0.0.0', token, false), undefined);
    assert.match(authProblem('127.0.0.1', 'short', false) ?? '', /shorter than 16/);
    assert.match(authProblem('0.0.0.0', token, true) ?? '', /contradict/);
  });
  it('behind a reverse proxy, a loopback listener needs the token too', () => {
    assert.match(authProblem('127.0.0.1', undefined, false, true) ?? '', /reverse proxy.*needs a token/);
    assert.equal(authProblem('127.0.0.1', token, false, true), undefined);
  });
});

describe('the caller behind a reverse proxy', () => {
  const proxy = new Set(['127.0.0.1', '::1'].map(canonicalAddress));
  const from = (address: string) => ({ address, port: 40000 });
  it('takes the last X-Forwarded-For address from a trusted proxy, the one the proxy added', () => {
    assert.deepEqual(callerOf(from('127.0.0.1'), '203.0.113.9', proxy), { address: '203.0.113.9', port: 0 });
    // The first entries are whatever the caller sent: a forged "127.0.0.1" proves nothing.
    assert.deepEqual(callerOf(from('::ffff:127.0.0.1'), '127.0.0.1, 198.51.100.7', proxy), {
      address: '198.51.100.7',
      port: 0,
    });
    assert.deepEqual(callerOf(from('::1'), ['10.0.0.1', '2001:db8::7'], proxy), { address: '2001:db8::7', port: 0 });
  });
  it('ignores the header from anyone else, and a last entry that is no address', () => {
    assert.deepEqual(callerOf(from('198.51.100.1'), '203.0.113.9', proxy), { address: '198.51.100.1', port: 40000 });
    assert.deepEqual(callerOf(from('127.0.0.1'), '203.0.113.9, unknown', proxy), { address: '127.0.0.1', port: 40000 });
    assert.deepEqual(callerOf(from('127.0.0.1'), undefined, proxy), { address: '127.0.0.1', port: 40000 });
    assert.deepEqual(callerOf(from('127.0.0.1'), '203.0.113.9', new Set()), { address: '127.0.0.1', port: 40000 });
  });
  it('logs a reflector nonce in a path as …', () => {
    assert.equal(loggedPath('/api/reflect/0123456789abcdef0123456789abcdef'), '/api/reflect/…');
    assert.equal(loggedPath('/api/reflect'), '/api/reflect');
    assert.equal(loggedPath('/api/check'), '/api/check');
  });
});

describe('agent limits', () => {
  it('allows N starts a window per caller, then says when to retry', () => {
    let now = 1_000_000;
    const rate = new RateLimit(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) assert.equal(rate.take('a'), undefined);
    assert.equal(rate.take('a'), 60);
    assert.equal(rate.take('b'), undefined, 'callers are counted apart');
    now += 30_500;
    assert.equal(rate.take('a'), 30);
    now += 29_500;
    assert.equal(rate.take('a'), undefined, 'the window slides');
  });
  it('admits up to the limit, refuses or queues the rest, and hands slots over in order', async () => {
    const gate = new Gate(2);
    const a = gate.tryEnter();
    const b = gate.tryEnter();
    assert.ok(a && b);
    assert.equal(gate.tryEnter(), undefined);
    const order: string[] = [];
    const waiting = gate.enter().then((release) => {
      order.push('waiter');
      return release;
    });
    a();
    a();
    assert.equal(gate.tryEnter(), undefined, 'the freed slot went to the waiter, not to a newcomer');
    (await waiting)();
    b();
    assert.equal(gate.running, 0);
    assert.deepEqual(order, ['waiter']);
  });
});

describe('agent check request', () => {
  const caller = { address: '198.51.100.7', port: 40000 };
  it('reads the fields of the API', () => {
    const r = readCheckRequest(
      { target: 'ftp.example.com', mode: 'passive', module: 'm', sweepPasvRange: 'auto' },
      caller,
    );
    assert.deepEqual(r, {
      options: { target: 'ftp.example.com', mode: 'passive', sweepPasvRange: 'auto' },
      module: 'm',
      me: false,
    });
  });
  it('checks the caller with me', () => {
    assert.equal(readCheckRequest({ me: true, port: 2121 }, caller).options.target, '198.51.100.7');
    assert.equal(readCheckRequest({ me: true }, { address: '2001:db8::7', port: 1 }).options.target, '[2001:db8::7]');
  });
  it('limits what one request may make the agent do', () => {
    // A check holds one of the agent's slots while it runs, and its sample is the agent's bandwidth.
    assert.throws(
      () => readCheckRequest({ target: 'ftp.example.com', timeout: 31 }, caller),
      /^UsageError: invalid timeout 31: expected a number of seconds, more than 0 and at most 30 on an agent$/,
    );
    assert.throws(
      () => readCheckRequest({ target: 'ftp.example.com', deadline: 301 }, caller),
      /invalid deadline 301: .* at most 300 on an agent/,
    );
    assert.throws(
      () => readCheckRequest({ target: 'ftp.example.com', transferBytes: 8 * 1024 * 1024 }, caller),
      /invalid transferBytes 8388608: expected a whole number of bytes from 0 \(off\) to 4194304 on an agent/,
    );
    assert.equal(
      readCheckRequest({ target: 'ftp.example.com', timeout: 30, deadline: 300 }, caller).options.timeout,
      30,
    );
  });
  const refused: [unknown, RegExp][] = [
    [null, /JSON object/],
    [{ target: 'x', password: 'p' }, /^password: /],
    [{ target: 'ftp://u:p@x' }, /^target: passwords/],
    [{ target: 'x', ca: 'PEM' }, /unknown field "ca"/],
    [{ target: 'x', upload: true }, /unknown field "upload"/],
    [{ target: 1 }, /invalid target/],
    [{ target: 'x', tls: 'yes' }, /invalid tls/],
    [{ target: 'x', transferBytes: -1 }, /invalid transferBytes/],
    [{ target: 'x', module: 3 }, /invalid module/],
    [{ me: 'yes' }, /invalid me/],
  ];
  for (const [body, message] of refused)
    it(`refuses ${JSON.stringify(body)}`, () => {
      assert.throws(
        () => readCheckRequest(body, caller),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
      );
    });
});
