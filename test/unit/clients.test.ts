// The client verdicts on canned observations: for each situation, what each client with its default
// settings would do, as its documented behaviour (src/diagnosis/clients/*.ts) says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_IDS, type ClientId, type ClientWorks } from '../../src/model/clients.js';
import type { ConnectResult, TransferResult } from '../../src/model/connections.js';
import type { Observations } from '../../src/model/observations.js';
import type { PassiveAttempt } from '../../src/model/passive.js';
import { clientVerdicts } from '../../src/diagnosis/rules/clients/verdicts.js';
import { renderHtml } from '../../src/report/html.js';
import { renderHuman } from '../../src/report/human.js';
import { healthyReport } from './reports.js';
import {
  activeOf,
  answered,
  CERTIFICATE,
  connected,
  edited,
  healthy,
  healthyTls,
  passiveOf,
  reply,
  stopped,
} from './observations.js';

const LISTED: TransferResult = { kind: 'complete', ms: 5, bytes: 120, truncated: false, final: reply(226, 'OK') };
const DROPPED: ConnectResult = { kind: 'timeout', ms: 2000 };
const REFUSED: ConnectResult = { kind: 'refused', ms: 1 };

/** EPSV's data connection tested apart: listed, or its connection ended this way. */
function epsvApart(o: Observations, data: ConnectResult | 'listed'): void {
  const p = passiveOf(o);
  const request = p.requests.find((r) => r.command === 'EPSV');
  assert.ok(request?.advertised);
  const target = { address: p.dataTarget?.address ?? '', port: request.advertised.port };
  const attempt: PassiveAttempt =
    data === 'listed'
      ? { request, dataTarget: target, data: connected(), dataTls: undefined, transfer: LISTED }
      : { request, dataTarget: target, data, dataTls: undefined, transfer: undefined };
  p.apart = [...(p.apart ?? []), attempt];
}

/** The stage's own PASV connection ended this way (no listing). */
function pasvFailed(o: Observations, data: ConnectResult): void {
  const p = passiveOf(o);
  p.data = data;
  p.transfer = undefined;
}

/** PASV named this address instead of the server's. */
function pasvNamed(o: Observations, address: string, relation: 'private' | 'foreign'): void {
  const p = passiveOf(o);
  for (const r of [...p.requests, p.used]) if (r?.command === 'PASV' && r.advertised) r.advertised.address = address;
  p.relation = relation;
}

const working = (): Observations => edited((o) => epsvApart(o, 'listed'));

type Expect = Partial<Record<`${ClientId} ${'passive' | 'active'}`, ClientWorks>>;

interface Case {
  name: string;
  build: () => Observations;
  expect: Expect;
}

const CASES: Case[] = [
  {
    name: 'a healthy server: every mode of every client that speaks plain FTP works',
    build: working,
    expect: Object.fromEntries(
      CLIENT_IDS.flatMap((c) => [
        [`${c} passive`, 'yes'],
        [`${c} active`, 'yes'],
      ]),
    ),
  },
  {
    name: "EPSV's data connection not tested: curl, which sends it first, cannot be judged",
    build: healthy,
    expect: {
      'curl passive': 'unknown',
      'lftp passive': 'yes',
      'python-ftplib passive': 'yes',
      'wget passive': 'unknown',
    },
  },
  {
    name: 'PASV names a private address of a public server: curl, lftp (fix-pasv-address) and ftplib do not follow it',
    build: () =>
      edited((o) => {
        epsvApart(o, 'listed');
        pasvNamed(o, '192.168.2.10', 'private');
      }),
    expect: {
      'curl passive': 'yes',
      'lftp passive': 'yes',
      'python-ftplib passive': 'yes',
      'filezilla passive': 'unknown',
      'winscp passive': 'unknown',
    },
  },
  {
    name: 'PASV names a private address of a private server: lftp follows it, ftpcheck did not',
    build: () =>
      edited((o) => {
        o.connect = connected('192.168.1.20', '192.168.1.10');
        epsvApart(o, 'listed');
        pasvNamed(o, '10.0.0.5', 'private');
      }),
    expect: { 'lftp passive': 'unknown', 'python-ftplib passive': 'yes', 'curl passive': 'yes' },
  },
  {
    name: 'PASV names another public address: lftp follows it',
    build: () =>
      edited((o) => {
        epsvApart(o, 'listed');
        pasvNamed(o, '198.51.100.7', 'foreign');
      }),
    expect: { 'lftp passive': 'unknown', 'python-ftplib passive': 'yes' },
  },
  {
    name: 'the passive range is dropped: no client works in passive mode, all do in active mode',
    build: () =>
      edited((o) => {
        pasvFailed(o, DROPPED);
        epsvApart(o, DROPPED);
        epsvApart(o, DROPPED);
      }),
    expect: {
      'curl passive': 'no',
      'lftp passive': 'no',
      'python-ftplib passive': 'no',
      'filezilla passive': 'no',
      'wget passive': 'no',
      'curl active': 'yes',
      'lftp active': 'yes',
    },
  },
  {
    name: 'EPSV refused, PASV works: curl falls back to PASV',
    build: () =>
      edited((o) => {
        const epsv = passiveOf(o).requests[0];
        assert.ok(epsv);
        epsv.exchange.result = answered(500, 'Unknown command.');
        epsv.advertised = undefined;
      }),
    expect: {
      'curl passive': 'yes',
      'lftp passive': 'yes',
      'python-ftplib passive': 'yes',
      'fluentftp passive': 'unknown',
    },
  },
  {
    name: "EPSV's data connection refused, PASV's works: curl's fallback is undocumented",
    build: () =>
      edited((o) => {
        epsvApart(o, REFUSED);
        epsvApart(o, REFUSED);
      }),
    expect: { 'curl passive': 'unknown', 'lftp passive': 'yes', 'python-ftplib passive': 'yes' },
  },
  {
    name: 'EPSV works, PASV dropped: curl works, lftp and ftplib (PASV only) do not',
    build: () =>
      edited((o) => {
        pasvFailed(o, DROPPED);
        epsvApart(o, 'listed');
      }),
    expect: {
      'curl passive': 'yes',
      'lftp passive': 'no',
      'python-ftplib passive': 'no',
      'filezilla passive': 'unknown',
    },
  },
  {
    name: "the server's active connection never arrives: active mode fails for every client",
    build: () =>
      edited((o) => {
        epsvApart(o, 'listed');
        const a = activeOf(o);
        a.callback = { kind: 'none', ms: 2000 };
        a.listReply = { kind: 'timeout', ms: 2000, partial: '' };
        a.transfer = undefined;
      }),
    expect: Object.fromEntries(CLIENT_IDS.map((c) => [`${c} active`, 'no'])),
  },
  {
    name: 'PORT refused: active mode fails',
    build: () =>
      edited((o) => {
        activeOf(o).portExchange.result = answered(550, 'Permission denied.');
      }),
    expect: { 'curl active': 'no', 'python-ftplib active': 'no' },
  },
  {
    name: 'plain login refused because the server wants TLS',
    build: () =>
      edited((o) => {
        o.login = {
          kind: 'refused',
          ms: 3,
          user: 'anonymous',
          command: 'USER',
          reply: reply(530, 'Non-anonymous sessions must use encryption.'),
          tlsRequired: true,
          exchanges: [],
        };
        o.passive = undefined;
        o.active = undefined;
      }),
    expect: {
      'curl passive': 'no',
      'lftp passive': 'no',
      'python-ftplib passive': 'no',
      'windows-explorer passive': 'no',
      'dotnet-ftpwebrequest passive': 'no',
      'filezilla passive': 'unknown',
    },
  },
  {
    name: 'a local user on a plain server that offers TLS: lftp would negotiate TLS',
    build: () =>
      edited((o) => {
        epsvApart(o, 'listed');
        o.target.user = 'alice';
        if (o.login?.kind === 'logged-in') o.login.features = ['AUTH TLS', 'EPSV', 'PASV'];
      }),
    expect: {
      'lftp passive': 'unknown',
      'curl passive': 'yes',
      'filezilla passive': 'unknown',
      'python-ftplib passive': 'yes',
    },
  },
  {
    name: 'the control port refuses: no client works',
    build: () => stopped({ connect: { kind: 'refused', ms: 1 } }),
    expect: Object.fromEntries(
      CLIENT_IDS.flatMap((c) => [
        [`${c} passive`, 'no'],
        [`${c} active`, 'no'],
      ]),
    ),
  },
  {
    name: 'the login is refused: no client works with these credentials',
    build: () =>
      stopped({
        greeting: healthy().greeting,
        login: {
          kind: 'refused',
          ms: 3,
          user: 'alice',
          command: 'PASS',
          reply: reply(530, 'Login incorrect.'),
          tlsRequired: false,
          exchanges: [],
        },
      }),
    expect: { 'curl passive': 'no', 'wget active': 'no' },
  },
  {
    name: 'AUTH TLS with an untrusted certificate: the clients that verify it fail',
    build: () =>
      edited(
        (o) => {
          epsvApart(o, 'listed');
          o.target.user = 'alice';
        },
        () => healthyTls({ ...CERTIFICATE, trusted: false, trustError: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      ),
    expect: {
      'curl passive': 'no',
      'lftp passive': 'no',
      'python-ftplib passive': 'unknown',
      'windows-explorer passive': 'no',
    },
  },
  {
    name: 'AUTH TLS with a trusted certificate',
    build: () =>
      edited(
        (o) => {
          epsvApart(o, 'listed');
          o.target.user = 'alice';
        },
        () => healthyTls(),
      ),
    expect: {
      'curl passive': 'yes',
      'lftp passive': 'yes',
      'python-ftplib passive': 'unknown',
      'winscp passive': 'unknown',
    },
  },
  {
    name: 'implicit FTPS: ftplib cannot speak it',
    build: () =>
      edited(
        (o) => {
          o.tlsRequest = { mode: 'implicit', strict: false };
        },
        () => healthyTls(),
      ),
    expect: { 'python-ftplib passive': 'no', 'python-ftplib active': 'no' },
  },
  {
    name: 'IPv6: EPSV only, for every client',
    build: () =>
      edited((o) => {
        o.connect = connected('2001:db8::2', '2001:db8::1');
        const p = passiveOf(o);
        const epsv = p.requests[0];
        assert.ok(epsv);
        p.requests = [epsv];
        p.used = epsv;
        p.relation = undefined;
      }),
    expect: {
      'curl passive': 'yes',
      'lftp passive': 'yes',
      'python-ftplib passive': 'yes',
      'filezilla passive': 'yes',
    },
  },
  {
    name: "part of the passive range is blocked (the sweep): a client's passive mode depends on its port",
    build: () =>
      edited((o) => {
        pasvFailed(o, DROPPED);
        epsvApart(o, DROPPED);
        o.sweep = {
          kind: 'ran',
          ms: 900,
          range: { min: 50000, max: 50003 },
          inferredFrom: undefined,
          address: '198.18.2.2',
          classes: ['reachable', 'filtered', 'reachable', 'filtered'],
        };
      }),
    expect: {
      'curl passive': 'unknown',
      'lftp passive': 'unknown',
      'python-ftplib passive': 'unknown',
      'curl active': 'yes',
    },
  },
  {
    name: "FTPS active mode: curl's session resumption on its data connections is not documented",
    build: () =>
      edited(
        (o) => {
          epsvApart(o, 'listed');
          o.target.user = 'alice';
        },
        () => healthyTls(),
      ),
    expect: { 'curl active': 'unknown', 'lftp active': 'yes' },
  },
  {
    name: 'the deadline cut the passive stage short: nothing is known of it',
    build: () =>
      edited((o) => {
        pasvFailed(o, { kind: 'timeout', ms: 300 });
        o.deadlineHit = { stage: 'passive', deadlineMs: 17000 };
      }),
    expect: { 'curl passive': 'unknown', 'lftp passive': 'unknown', 'python-ftplib passive': 'unknown' },
  },
];

describe('client verdicts', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const verdicts = clientVerdicts(c.build());
      for (const [key, works] of Object.entries(c.expect)) {
        const [client, mode] = key.split(' ');
        const v = verdicts.find((x) => x.client === client && x.mode === mode);
        assert.ok(v, `no verdict for ${key}`);
        assert.equal(v.works, works, `${key}: ${v.because}`);
      }
    });
  }
  it('judges every client in both modes, passive being the default of each', () => {
    const verdicts = clientVerdicts(working());
    assert.deepEqual(
      verdicts.map((v) => `${v.client} ${v.mode} ${String(v.default)}`),
      CLIENT_IDS.flatMap((c) => [`${c} passive true`, `${c} active false`]),
    );
  });
  it('names the setting that makes a failing client work', () => {
    const verdicts = clientVerdicts(
      edited((o) => {
        pasvFailed(o, DROPPED);
        epsvApart(o, 'listed');
      }),
    );
    assert.equal(verdicts.find((v) => v.client === 'lftp' && v.mode === 'passive')?.setting, 'set ftp:prefer-epsv yes');
  });
});

describe('the client table in the reports', () => {
  const report = { ...healthyReport(), clients: clientVerdicts(working()) };
  it('shows each client with both modes, its default starred, in the human report', () => {
    const out = renderHuman(report, { color: false, verbose: false, width: 120 });
    assert.match(out, /Clients with their default settings/);
    assert.match(out, /│ Python ftplib\s+│ works \*\s+│ works\s+│ PASV's data connection and listing worked/);
  });
  it('and in the HTML report', () => {
    const html = renderHtml(report);
    assert.match(html, /<h2>Clients with their default settings<\/h2>/);
    assert.match(html, /<tr><td>curl<\/td><td class="yes">works \*<\/td><td class="yes">works<\/td>/);
  });
  it('leaves the section out of a report without client verdicts', () => {
    assert.doesNotMatch(renderHuman(healthyReport(), { color: false, verbose: false, width: 120 }), /Clients with/);
    assert.doesNotMatch(renderHtml(healthyReport()), /Clients with/);
  });
});
