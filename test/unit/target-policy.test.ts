// The target policy shared by the agent and the exporter, as tables: every spelling of an address in
// one canonical form, the IPv4 address an IPv6 one carries, the refused classes, the agent's own
// address in any spelling, allowTargets patterns (parsed, matched), the password rule, module lookup
// and token strength.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authProblem, tokenWeakness } from '../../src/agent/auth.js';
import {
  matchesAddress,
  matchesName,
  parseTargetPattern,
  parseTargetPatterns,
} from '../../src/settings/target-patterns.js';
import { type AddressRule, addressRule, refusal, type TargetPolicy } from '../../src/agent/policy.js';
import { moduleNamed } from '../../src/exporter/config.js';
import { canonicalAddress, embeddedIPv4, type Embedding } from '../../src/protocol/address.js';
import { UsageError } from '../../src/settings/usage-error.js';

describe('address spellings', () => {
  const canonical: [string, string][] = [
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['::ffff:cb00:7105', '203.0.113.5'],
    ['::FFFF:CB00:7105', '203.0.113.5'],
    ['0:0:0:0:0:ffff:cb00:7105', '203.0.113.5'],
    ['0000:0000:0000:0000:0000:ffff:cb00:7105', '203.0.113.5'],
    ['::0:ffff:203.0.113.5', '203.0.113.5'],
    // What the URL parser makes of ftp://[::ffff:203.0.113.5]
    [new URL('ftp://[::ffff:203.0.113.5]').hostname.slice(1, -1), '203.0.113.5'],
    ['2001:DB8:0:0:0:0:0:7', '2001:db8::7'],
    ['2001:db8::0.0.0.7', '2001:db8::7'],
    ['::203.0.113.5', '::cb00:7105'],
    ['64:ff9b::203.0.113.5', '64:ff9b::cb00:7105'],
  ];
  for (const [spelling, form] of canonical)
    it(`${spelling} → ${form}`, () => {
      assert.equal(canonicalAddress(spelling), form);
    });

  const carried: [string, [Embedding, string][]][] = [
    ['::203.0.113.5', [['ipv4-compatible', '203.0.113.5']]],
    ['::ffff:0:203.0.113.5', [['siit', '203.0.113.5']]],
    ['64:ff9b::cb00:7105', [['nat64', '203.0.113.5']]],
    ['2002:cb00:7105::1', [['6to4', '203.0.113.5']]],
    ['2002:cb00:7105:1:2:3:4:5', [['6to4', '203.0.113.5']]],
    // Teredo: server 65.54.227.120; client 192.0.2.45 is stored inverted (3fff:fdd2).
    [
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      [
        ['teredo-server', '65.54.227.120'],
        ['teredo-client', '192.0.2.45'],
      ],
    ],
    ['::ffff:203.0.113.5', []],
    ['::1', []],
    ['::', []],
    ['2001:db8::5', []],
    ['64:ff9b:1::cb00:7105', []],
  ];
  for (const [address, expected] of carried)
    it(`${address} carries ${expected.map(([via, v4]) => `${v4} (${via})`).join(', ') || 'no IPv4 address'}`, () => {
      assert.deepEqual(
        embeddedIPv4(address).map((e) => [e.via, e.address]),
        expected,
      );
    });
});

describe('refused address classes', () => {
  const rules: [string, AddressRule | undefined][] = [
    ['203.0.113.5', undefined],
    ['::ffff:cb00:7105', undefined],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:c0a8:101', 'private'],
    // SIIT: refused as a class, after the IPv4 address it carries.
    ['::ffff:0:203.0.113.5', 'siit'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::ffff:0:7f00:1', 'loopback'],
    // IPv4-compatible: deprecated, refused as a class.
    ['::203.0.113.5', 'ipv4-compatible'],
    ['::10.0.0.1', 'private'],
    ['::2', 'ipv4-compatible'],
    ['fec0::1', 'site-local'],
    ['feff:ffff::1', 'site-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    // NAT64: the well-known prefix is judged by what it carries; the local-use prefix is refused.
    ['64:ff9b::203.0.113.5', undefined],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::cb00:7105', 'local-nat64'],
    ['64:ff9b:1:ffff::1', 'local-nat64'],
    ['64:ff9b:2::1', undefined],
    // 6to4
    ['2002:cb00:7105::1', undefined],
    ['2002:a00:1::1', 'private'],
    ['2002:6440:1::1', 'carrier-grade-nat'],
    // Teredo: server in groups 2-3, client inverted in the last two.
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', undefined],
    ['2001:0:cb00:7105::34ff:8efa', undefined],
    ['2001:0:7f00:1::34ff:8efa', 'loopback'],
    ['2001:0:cb00:7105::f5ff:fffe', 'private'], // client 10.0.0.1
    ['2001:0:cb00:7105::80ff:fffe', 'loopback'], // client 127.0.0.1
    ['2001:db8::1', undefined],
    // 192.0.0.0/24, the whole block, its two anycast addresses included
    ['192.0.0.1', 'ietf-protocol'],
    ['192.0.0.9', 'ietf-protocol'],
    ['192.0.0.10', 'ietf-protocol'],
    ['192.0.0.255', 'ietf-protocol'],
    ['192.0.1.1', undefined],
    ['::ffff:c000:9', 'ietf-protocol'],
  ];
  for (const [address, rule] of rules)
    it(`${address}: ${rule ?? 'allowed'}`, () => {
      assert.equal(addressRule(address), rule);
    });
});

const policy = (over: Partial<TargetPolicy> = {}): TargetPolicy => ({
  enforced: true,
  allowTargets: undefined,
  onlyAllowTargets: false,
  own: new Set(['203.0.113.5', '2001:db8::7']),
  ...over,
});
const use = (host: string, addresses: string[], port = 21, sendsPassword = false) => ({
  host,
  port,
  addresses,
  sendsPassword,
});

describe("the agent's own address in every spelling", () => {
  const spellings = [
    '203.0.113.5',
    '::ffff:203.0.113.5',
    '::ffff:cb00:7105',
    '0:0:0:0:0:ffff:cb00:7105',
    '::203.0.113.5',
    '::ffff:0:203.0.113.5',
    '64:ff9b::cb00:7105',
    '64:ff9b::203.0.113.5',
    '2002:cb00:7105::1',
    '2001:0:cb00:7105::39cc:9bf8',
    '2001:0:4136:e378::34ff:8efa',
    '2001:DB8:0:0:0:0:0:7',
    '2001:db8::0.0.0.7',
  ];
  for (const address of spellings)
    it(`${address} is refused`, () => {
      const why = refusal(policy(), use(address, [address]));
      assert.match(why ?? '', /refused by rule (agent-own-address|ipv4-compatible|siit)/);
    });
  it('names the rule and the IPv4 address carried', () => {
    assert.match(
      refusal(policy(), use('x.example', ['64:ff9b::cb00:7105'])) ?? '',
      /x\.example \(64:ff9b::cb00:7105\) refused by rule agent-own-address/,
    );
    assert.match(
      refusal(policy(), use('x.example', ['2002:a00:1::1'])) ?? '',
      /carrying 10\.0\.0\.1 \(6to4\) refused by rule private/,
    );
  });
  it('only a pattern naming that one address lifts the rule, not a block around it', () => {
    const lan = policy({
      own: new Set(['10.0.0.4']),
      allowTargets: parseTargetPatterns(['10.0.0.0/8:*', '10.0.0.*:21']),
    });
    assert.equal(refusal(lan, use('10.0.0.9', ['10.0.0.9'])), undefined);
    for (const address of ['10.0.0.4', '::ffff:a00:4', '64:ff9b::a00:4'])
      assert.match(refusal(lan, use(address, [address])) ?? '', /refused by rule private/, address);
    assert.match(refusal(lan, use('10.0.0.4', ['10.0.0.4'], 21, true)) ?? '', /refused by rule private/);
    const literal = policy({ own: new Set(['10.0.0.4']), allowTargets: parseTargetPatterns(['10.0.0.4:2121']) });
    assert.equal(refusal(literal, use('10.0.0.4', ['10.0.0.4'], 2121)), undefined);
    assert.equal(refusal(literal, use('::ffff:a00:4', ['::ffff:a00:4'], 2121)), undefined);
    assert.match(refusal(literal, use('10.0.0.4', ['10.0.0.4'], 9821)) ?? '', /refused by rule private/);
  });
  it('another public address is not', () => {
    assert.equal(refusal(policy(), use('203.0.113.6', ['203.0.113.6', '::ffff:cb00:7106'])), undefined);
  });
});

describe('allowTargets patterns', () => {
  const kinds: [string, 'block' | 'octets' | 'name'][] = [
    ['10.0.0.*:*', 'octets'],
    ['10.*:21', 'octets'],
    ['10.0.0.5:21', 'block'],
    ['10.0.0.0/8:*', 'block'],
    ['[fd00::5]:21', 'block'],
    ['[fd00::/8]:*', 'block'],
    ['[::ffff:10.0.0.0/104]:*', 'block'],
    ['ftp.lan:21', 'name'],
    ['*.corp.example:*', 'name'],
    // Hex letters only, still a name: decided by parsing, not by the characters used.
    ['cafe.be:21', 'name'],
    ['dead.beef:*', 'name'],
    ['10.0.0.evil.example:*', 'name'],
  ];
  for (const [text, kind] of kinds)
    it(`${text} is a ${kind} pattern`, () => {
      assert.equal(parseTargetPattern(text).host.kind, kind);
    });

  const invalid: [string, RegExp][] = [
    ['ftp.lan', /port is missing/],
    ['ftp.lan:0', /port/],
    ['ftp.lan:ftp', /port/],
    ['fd00::5:21', /IPv6 address in brackets/],
    ['[fd00::5:21', /port is missing|brackets/],
    ['[fd00::zz]:21', /not an IPv6/],
    ['10.0.0.0/33:*', /at most \/32/],
    ['[fd00::/129]:*', /at most \/128/],
    ['10.0.0.256:*', /0 to 255/],
    ['10.0.0:*', /four octets/],
    ['010.0.0.1:*', /0 to 255/],
    ['*:21', /names no name/],
    ['*.*:21', /names no name/],
    ['ftp*.lan:21', /not a name/],
    ['a b:21', /not a name/],
    ['ftp.1:21', /ends in a number/],
  ];
  for (const [text, message] of invalid)
    it(`${text} is refused when the config is read`, () => {
      assert.throws(
        () => parseTargetPattern(text),
        (err: unknown) => err instanceof UsageError && message.test(err.message) && err.message.includes(text),
      );
    });

  it('address patterns match addresses in any spelling, and never a name', () => {
    const [octets, cidr, v6, v6cidr] = parseTargetPatterns([
      '10.0.0.*:*',
      '172.16.0.0/12:21',
      '[fd00::5]:21',
      '[fd00::/8]:*',
    ]);
    assert.ok(octets && cidr && v6 && v6cidr);
    assert.ok(matchesAddress(octets, '10.0.0.7', 21));
    assert.ok(matchesAddress(octets, '::ffff:a00:7', 2121));
    assert.ok(!matchesAddress(octets, '10.0.1.7', 21));
    assert.ok(matchesAddress(cidr, '172.31.255.1', 21));
    assert.ok(!matchesAddress(cidr, '172.32.0.1', 21));
    assert.ok(!matchesAddress(cidr, '172.16.0.1', 22));
    assert.ok(matchesAddress(v6, 'fd00::5', 21), 'a bracketed IPv6 pattern matches');
    assert.ok(matchesAddress(v6, 'FD00:0:0:0:0:0:0:5', 21));
    assert.ok(!matchesAddress(v6, 'fd00::6', 21));
    assert.ok(matchesAddress(v6cidr, 'fdff::1', 990));
    assert.ok(!matchesAddress(v6cidr, 'fe00::1', 990));
    for (const p of [octets, cidr, v6, v6cidr]) assert.ok(!matchesName(p, '10.0.0.evil.example', 21));
  });

  it('name patterns match names only, * for whole labels', () => {
    const [exact, wild, hex] = parseTargetPatterns(['ftp.lan:21', '*.corp.example:*', 'cafe.be:21']);
    assert.ok(exact && wild && hex);
    assert.ok(matchesName(exact, 'FTP.LAN', 21));
    assert.ok(matchesName(exact, 'ftp.lan.', 21));
    assert.ok(!matchesName(exact, 'ftp.lan', 22));
    assert.ok(!matchesName(exact, 'ftp.lan.evil.example', 21));
    assert.ok(matchesName(wild, 'a.corp.example', 21));
    assert.ok(matchesName(wild, 'a.b.corp.example', 21));
    assert.ok(!matchesName(wild, 'corp.example', 21));
    assert.ok(!matchesName(wild, 'a.corp.example.evil', 21));
    assert.ok(matchesName(hex, 'cafe.be', 21));
    assert.ok(!matchesAddress(hex, 'cafe::be', 21));
    assert.ok(matchesName(wild, 'a.corp.example', 21) && !matchesName(wild, 'a.corp.example', 21, true));
  });
});

describe('the policy: address rules lifted by address patterns only; passwords only to named addresses', () => {
  // The README's example.
  const readme = policy({ allowTargets: parseTargetPatterns(['ftp.lan:21', '10.0.0.*:*']) });

  it('a name that spells an address pattern gains nothing', () => {
    assert.match(refusal(readme, use('10.0.0.evil.example', ['127.0.0.1'])) ?? '', /rule loopback/);
    assert.match(
      refusal(readme, use('10.0.0.evil.example', ['198.51.100.7'], 21, true)) ?? '',
      /module with passwordEnv logs in only where allowTargets names the addresses/,
    );
    // The same name without a password: an ordinary public target.
    assert.equal(refusal(readme, use('10.0.0.evil.example', ['198.51.100.7'])), undefined);
  });

  it('passwords go to addresses an address pattern names', () => {
    assert.equal(refusal(readme, use('10.0.0.5', ['10.0.0.5'], 21, true)), undefined);
    assert.equal(refusal(readme, use('ftp.lan', ['10.0.0.5'], 21, true)), undefined);
    assert.match(refusal(readme, use('ftp.lan', ['10.0.1.5'], 21, true)) ?? '', /rule private/);
  });

  it('an exact name pattern sends a password only to public addresses, never to the agent itself', () => {
    const named = policy({ allowTargets: parseTargetPatterns(['ftp.partner.example:21', '*.corp.example:21']) });
    assert.equal(refusal(named, use('ftp.partner.example', ['198.51.100.7'], 21, true)), undefined);
    assert.match(refusal(named, use('ftp.partner.example', ['198.51.100.7'], 990, true)) ?? '', /passwordEnv/);
    assert.match(refusal(named, use('x.corp.example', ['198.51.100.7'], 21, true)) ?? '', /exact name \(no \*\)/);
    assert.match(refusal(named, use('ftp.partner.example', ['203.0.113.5'], 21, true)) ?? '', /agent-own-address/);
    // On a loopback listener the address rules are off, the password rule is not.
    const loopback = { ...named, enforced: false };
    assert.match(refusal(loopback, use('ftp.partner.example', ['127.0.0.1'], 21, true)) ?? '', /passwordEnv/);
    assert.match(refusal(loopback, use('ftp.partner.example', ['::ffff:cb00:7105'], 21, true)) ?? '', /passwordEnv/);
    assert.match(refusal(loopback, use('ftp.partner.example', ['64:ff9b::a00:1'], 21, true)) ?? '', /passwordEnv/);
  });

  it('without allowTargets a password goes nowhere', () => {
    for (const enforced of [true, false])
      assert.match(refusal(policy({ enforced }), use('198.51.100.7', ['198.51.100.7'], 21, true)) ?? '', /passwordEnv/);
  });

  it("the exporter's allowTargets: only the targets it names, and the address rules still apply", () => {
    const exporter = policy({
      onlyAllowTargets: true,
      allowTargets: parseTargetPatterns(['198.51.100.*:*', '*.example.com:21']),
    });
    assert.equal(refusal(exporter, use('198.51.100.7', ['198.51.100.7'])), undefined);
    assert.match(refusal(exporter, use('198.51.100.evil.example', ['127.0.0.1'])) ?? '', /not in allowTargets/);
    assert.match(refusal(exporter, use('203.0.113.9', ['203.0.113.9'])) ?? '', /not in allowTargets/);
    assert.equal(refusal(exporter, use('ftp.example.com', ['203.0.113.9'])), undefined);
    assert.match(refusal(exporter, use('ftp.example.com', ['127.0.0.1'])) ?? '', /rule loopback/);
    assert.match(refusal(exporter, use('ftp.example.com', ['203.0.113.9'], 21, true)) ?? '', /passwordEnv/);
  });
});

describe('module lookup and token strength', () => {
  it('looks modules up by own properties only', () => {
    const modules = { default: {}, backup: { user: 'backup' } };
    assert.deepEqual(moduleNamed(modules, 'backup'), { user: 'backup' });
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])
      assert.equal(moduleNamed(modules, name), undefined, name);
  });

  const weak: [string, RegExp][] = [
    ['short-1', /shorter than 16/],
    ['aaaaaaaaaaaaaaaaaaaa', /one class/],
    ['12345678901234567890', /one class/],
    ['ABCDEFGHIJKLMNOPQRST', /one class/],
    ['with a space 1234567', /whitespace/],
    ['tab\there-1234567890', /whitespace/],
    ['quote"in-it-1234567890', /outside the allowed/],
    ['colon:in-it-1234567890', /outside the allowed/],
  ];
  for (const [token, message] of weak)
    it(`refuses the token ${JSON.stringify(token)} without repeating it`, () => {
      assert.match(tokenWeakness(token) ?? '', message);
      const problem = authProblem('0.0.0.0', token, false) ?? '';
      assert.match(problem, /FTPCHECK_AGENT_TOKEN .*a token needs at least 16 characters/);
      assert.ok(!problem.includes(token));
    });
  for (const token of [
    'test-token-5f0c2a9e7d3b41c8',
    'c2f1a4e0d93b7f5a6e8d1c0b2a4f6e8d',
    'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==',
  ])
    it(`takes the token ${token}`, () => {
      assert.equal(tokenWeakness(token), undefined);
    });
});
