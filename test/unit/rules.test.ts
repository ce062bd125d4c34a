// Each rule on canned observations: the finding it must give, and the ones it must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import type { Observations } from '../../src/model/observations.js';
import {
  activeOf,
  answered,
  CLIENT,
  connected,
  healthy,
  passiveOf,
  reply,
  SERVER,
  withChanges,
} from './observations.js';

function codes(o: Observations): string[] {
  return diagnose(o).map((f) => f.code);
}

const cases: {
  name: string;
  build: () => Observations;
  expect: string[];
  verdict: 'ok' | 'degraded' | 'failed';
}[] = [
  { name: 'healthy vsftpd', build: healthy, expect: [], verdict: 'ok' },
  {
    name: 'name not found',
    build: () => ({
      ...healthy(),
      dns: { kind: 'failed', ms: 5, reason: 'not-found', errno: 'ENOTFOUND' },
      connect: undefined,
      greeting: undefined,
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['dns-unresolved'],
    verdict: 'failed',
  },
  {
    name: 'SYN dropped',
    build: () => ({
      ...healthy(),
      connect: { kind: 'timeout', ms: 2000 },
      greeting: undefined,
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['control-filtered'],
    verdict: 'failed',
  },
  {
    name: 'refused',
    build: () => ({
      ...healthy(),
      connect: { kind: 'refused', ms: 1 },
      greeting: undefined,
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['control-refused'],
    verdict: 'failed',
  },
  {
    name: 'ICMP prohibited',
    build: () => ({
      ...healthy(),
      connect: { kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' },
      greeting: undefined,
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['control-unreachable'],
    verdict: 'failed',
  },
  {
    name: 'silent listener',
    build: () => ({
      ...healthy(),
      greeting: { kind: 'silent', ms: 2000, partial: '' },
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['banner-timeout'],
    verdict: 'failed',
  },
  {
    name: 'SSH on the port',
    build: () => ({
      ...healthy(),
      greeting: { kind: 'not-ftp', ms: 3, banner: 'SSH-2.0-OpenSSH_9.2', service: 'ssh' },
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['not-ftp'],
    verdict: 'failed',
  },
  {
    name: '421 greeting',
    build: () => ({
      ...healthy(),
      greeting: { kind: 'rejected', ms: 3, reply: reply(421, 'Too many connections') },
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['greeting-rejected'],
    verdict: 'failed',
  },
  {
    name: 'closed at once',
    build: () => ({
      ...healthy(),
      greeting: { kind: 'closed', ms: 1, partial: '' },
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['control-reset'],
    verdict: 'failed',
  },
  {
    name: 'endless line',
    build: () => ({
      ...healthy(),
      greeting: { kind: 'violation', ms: 9, reason: 'line-too-long', partial: 'AAAA' },
      login: undefined,
      passive: undefined,
      active: undefined,
    }),
    expect: ['protocol-violation'],
    verdict: 'failed',
  },
  {
    name: 'wrong password',
    build: () => ({
      ...healthy(),
      login: {
        kind: 'refused',
        ms: 2800,
        user: 'labuser',
        command: 'PASS',
        reply: reply(530, 'Login incorrect.'),
        tlsRequired: false,
        exchanges: [],
      },
      passive: undefined,
      active: undefined,
    }),
    expect: ['login-failed'],
    verdict: 'failed',
  },
  {
    name: 'TLS demanded',
    build: () => ({
      ...healthy(),
      login: {
        kind: 'refused',
        ms: 5,
        user: 'alice',
        command: 'PASS',
        reply: reply(530, 'Non-anonymous sessions must use encryption.'),
        tlsRequired: true,
        exchanges: [],
      },
      passive: undefined,
      active: undefined,
    }),
    expect: ['tls-required'],
    verdict: 'failed',
  },
  {
    name: 'FEAT never answered',
    build: () => ({
      ...healthy(),
      login: {
        kind: 'no-reply',
        ms: 2000,
        user: 'anonymous',
        command: 'FEAT',
        result: { kind: 'timeout', ms: 2000, partial: '' },
        exchanges: [],
      },
      passive: undefined,
      active: undefined,
    }),
    expect: ['control-lost'],
    verdict: 'failed',
  },
  {
    name: 'passive range dropped, active works',
    build: () => {
      const o = healthy();
      passiveOf(o).data = { kind: 'timeout', ms: 2000 };
      passiveOf(o).transfer = undefined;
      return o;
    },
    expect: ['pasv-data-filtered'],
    verdict: 'degraded',
  },
  {
    name: 'passive range refused, passive only',
    build: () => {
      const o = {
        ...healthy(),
        mode: 'passive' as const,
        active: { kind: 'not-run' as const, reason: '--mode passive' },
      };
      passiveOf(o).data = { kind: 'refused', ms: 1 };
      passiveOf(o).transfer = undefined;
      return o;
    },
    expect: ['pasv-data-refused'],
    verdict: 'failed',
  },
  {
    name: 'server behind NAT advertises its private address',
    build: () => {
      const o = healthy();
      const p = passiveOf(o);
      const pasv = {
        command: 'PASV' as const,
        exchange: { command: 'PASV', result: answered(227, 'Entering Passive Mode (192,168,2,10,195,82)') },
        advertised: { address: '192.168.2.10', port: 50002 },
      };
      p.requests = [...p.requests.slice(0, 1), pasv];
      p.used = pasv;
      p.relation = 'private';
      return o;
    },
    expect: ['pasv-private-address'],
    verdict: 'degraded',
  },
  {
    name: 'foreign public PASV address',
    build: () => {
      const o = healthy();
      const p = passiveOf(o);
      const pasv = {
        command: 'PASV' as const,
        exchange: { command: 'PASV', result: answered(227, '(198,51,100,7,195,82)') },
        advertised: { address: '198.51.100.7', port: 50002 },
      };
      p.requests = [...p.requests.slice(0, 1), pasv];
      p.used = pasv;
      p.relation = 'foreign';
      return o;
    },
    expect: ['pasv-foreign-address'],
    verdict: 'degraded',
  },
  {
    name: 'passive disabled (both commands refused)',
    build: () => {
      const o = healthy();
      const p = passiveOf(o);
      p.requests = [
        {
          command: 'EPSV',
          exchange: { command: 'EPSV', result: answered(550, 'Permission denied.') },
          advertised: undefined,
        },
        {
          command: 'PASV',
          exchange: { command: 'PASV', result: answered(550, 'Permission denied.') },
          advertised: undefined,
        },
      ];
      p.used = undefined;
      p.relation = undefined;
      p.dataTarget = undefined;
      p.data = undefined;
      p.transfer = undefined;
      return o;
    },
    expect: ['pasv-rejected'],
    verdict: 'degraded',
  },
  {
    name: 'EPSV refused on IPv4, PASV works',
    build: () => {
      const o = healthy();
      passiveOf(o).requests[0] = {
        command: 'EPSV',
        exchange: { command: 'EPSV', result: answered(500, 'Unknown command.') },
        advertised: undefined,
      };
      return o;
    },
    expect: ['epsv-unsupported'],
    verdict: 'ok',
  },
  {
    name: 'transfer stalls after the data connection opens',
    build: () => {
      const o = healthy();
      passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 10, waitingFor: 'data' };
      return o;
    },
    expect: ['data-transfer-stalled'],
    verdict: 'degraded',
  },
  {
    name: 'server rejects PORT from a client behind NAT',
    build: () => {
      const o = withChanges({ connect: connected('192.168.1.2', SERVER) });
      const a = activeOf(o);
      a.listen = { address: '192.168.1.2', port: 40002 };
      a.portExchange = { command: 'PORT 192,168,1,2,156,66', result: answered(500, 'Illegal PORT command.') };
      a.callback = undefined;
      a.listReply = undefined;
      a.transfer = undefined;
      return o;
    },
    expect: ['active-port-rejected', 'client-behind-nat'],
    verdict: 'degraded',
  },
  {
    name: 'server never connects back',
    build: () => {
      const o = healthy();
      const a = activeOf(o);
      a.callback = { kind: 'none', ms: 2000 };
      a.listReply = { kind: 'timeout', ms: 2000, partial: '' };
      a.transfer = undefined;
      return o;
    },
    expect: ['active-callback-blocked'],
    verdict: 'degraded',
  },
  {
    name: 'active data from an ephemeral port',
    build: () => {
      const o = healthy();
      activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: SERVER, port: 41234 } };
      return o;
    },
    expect: ['active-source-port-not-20'],
    verdict: 'ok',
  },
  {
    name: 'deadline cut the passive stage: no filtered verdict from a shortened wait',
    build: () => {
      const o = { ...healthy(), active: undefined, deadlineHit: { stage: 'passive' as const, deadlineMs: 17000 } };
      passiveOf(o).data = { kind: 'timeout', ms: 300 };
      passiveOf(o).transfer = undefined;
      return o;
    },
    expect: ['deadline-reached'],
    verdict: 'failed',
  },
];

describe('diagnosis rules', () => {
  for (const c of cases) {
    it(c.name, () => {
      const o = c.build();
      assert.deepEqual(codes(o).sort(), [...c.expect].sort());
      assert.equal(verdictOf(o, diagnose(o)), c.verdict);
    });
  }

  it('sharpens the likely rule for a client behind NAT whose callback never comes', () => {
    const o = withChanges({ connect: connected('192.168.1.2', SERVER) });
    const a = activeOf(o);
    a.listen = { address: '192.168.1.2', port: 40002 };
    a.callback = { kind: 'none', ms: 2000 };
    a.transfer = undefined;
    const finding = diagnose(o).find((f) => f.code === 'active-callback-blocked');
    assert.match(finding?.likelyRule ?? '', /behind NAT/);
  });

  it('puts the observed public address into the PASV fix', () => {
    const o = healthy();
    const p = passiveOf(o);
    p.requests[1] = {
      command: 'PASV',
      exchange: { command: 'PASV', result: answered(227, '(10,0,0,5,195,82)') },
      advertised: { address: '10.0.0.5', port: 50002 },
    };
    p.relation = 'private';
    const finding = diagnose(o).find((f) => f.code === 'pasv-private-address');
    assert.match(finding?.fix[0]?.text ?? '', new RegExp(`pasv_address=${SERVER.replace(/\./g, '\\.')}`));
  });

  it('reports a disabled active mode as disabled, not as NAT', () => {
    const o = healthy();
    const a = activeOf(o);
    a.portExchange = { command: `PORT ${CLIENT}`, result: answered(550, 'Permission denied.') };
    a.callback = undefined;
    a.transfer = undefined;
    const finding = diagnose(o).find((f) => f.code === 'active-port-rejected');
    assert.match(finding?.likelyRule ?? '', /disabled/);
  });
});

describe('pasv-foreign-address from inside the server network', () => {
  it('names the hairpin case when the server was reached on an internal address', () => {
    const o = { ...healthy(), connect: connected('192.168.1.20', '192.168.1.10') };
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    const pasv = {
      command: 'PASV' as const,
      exchange: { command: 'PASV', result: answered(227, '(203,0,113,7,195,82)') },
      advertised: { address: '203.0.113.7', port: 50002 },
    };
    o.passive.requests[1] = pasv;
    o.passive.used = pasv;
    o.passive.relation = 'foreign';
    const finding = diagnose(o).find((f) => f.code === 'pasv-foreign-address');
    assert.match(finding?.likelyRule ?? '', /inside its own network/);
  });
});
