// The reflector's admission (who may hold a session: logged-in ones count against the limit, those
// not logged in are held apart, a few per caller and a pool in all) and its caller key (IPv6 by /64).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Admission } from '../../src/agent/reflector/admission.js';
import { callerKey } from '../../src/agent/limits.js';
import { startReflector } from '../../src/agent/reflector/reflector.js';

class FakeSession {
  evicted = false;
  constructor(readonly name: string) {}
  evict(): void {
    this.evicted = true;
  }
}

describe('the reflector admission', () => {
  it('refuses a caller beyond its share of sessions not logged in, and no one else', () => {
    const admission = new Admission<FakeSession>({ unauthenticatedPerCaller: 2 });
    for (const name of ['a', 'b']) {
      assert.ok(admission.mayConnect('203.0.113.5'));
      admission.enter(new FakeSession(name), '203.0.113.5');
    }
    assert.equal(admission.mayConnect('203.0.113.5'), false);
    assert.ok(admission.mayConnect('198.51.100.7'));
  });

  it('lets the oldest session not logged in go when the pool is full, and keeps logged-in ones', () => {
    const admission = new Admission<FakeSession>({ unauthenticated: 2, loggedIn: 1 });
    const first = new FakeSession('first');
    const member = new FakeSession('member');
    admission.enter(member, 'm');
    assert.equal(admission.logIn(member), undefined);
    admission.enter(first, 'x');
    const second = new FakeSession('second');
    admission.enter(second, 'y');
    admission.enter(new FakeSession('third'), 'z');
    assert.equal(first.evicted, true);
    assert.equal(second.evicted, false);
    assert.equal(member.evicted, false);
    assert.equal(admission.all().length, 3);
  });

  it('counts only logged-in sessions against the limit; a seat comes free when one leaves', () => {
    const admission = new Admission<FakeSession>({ loggedIn: 1 });
    const one = new FakeSession('one');
    const two = new FakeSession('two');
    admission.enter(one, 'a');
    admission.enter(two, 'b');
    assert.equal(admission.logIn(one), undefined);
    assert.equal(admission.logIn(two), 'full');
    admission.leave(one);
    assert.equal(admission.logIn(two), undefined);
  });

  it('gives one caller a few logged-in seats, so that a token holder cannot take them all', () => {
    const admission = new Admission<FakeSession>({ loggedIn: 16, loggedInPerCaller: 2 });
    const mine = [1, 2, 3].map((i) => new FakeSession(String(i)));
    for (const s of mine) admission.enter(s, 'greedy');
    assert.deepEqual(
      mine.map((s) => admission.logIn(s)),
      [undefined, undefined, 'caller-full'],
    );
    const other = new FakeSession('other');
    admission.enter(other, 'someone else');
    assert.equal(admission.logIn(other), undefined);
  });

  it("frees a caller's share when its sessions log in or leave", () => {
    const admission = new Admission<FakeSession>({ unauthenticatedPerCaller: 1 });
    const s = new FakeSession('s');
    admission.enter(s, 'k');
    assert.equal(admission.mayConnect('k'), false);
    admission.logIn(s);
    assert.ok(admission.mayConnect('k'));
  });
});

describe('the caller key', () => {
  const cases: [string, string][] = [
    ['203.0.113.5', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:1:2:3', '2001:db8:1:2::/64'],
    ['2001:DB8:1:3::1', '2001:db8:1:3::/64'],
    ['::1', '::/64'],
  ];
  for (const [address, key] of cases) it(`${address} → ${key}`, () => assert.equal(callerKey(address), key));
});

describe("the reflector's caller key", () => {
  it("counts an IPv6 caller by the agent's configured prefix, /64 without one", async () => {
    const configured = await startReflector({ host: '127.0.0.1', port: 0, ipv6CallerPrefix: 48 });
    const plain = await startReflector({ host: '127.0.0.1', port: 0 });
    try {
      assert.equal(configured.callerKey('2001:db8:1:2::1'), '2001:db8:1::/48');
      assert.equal(configured.callerKey('203.0.113.5'), '203.0.113.5');
      assert.equal(plain.callerKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    } finally {
      await configured.close();
      await plain.close();
    }
  });
});
