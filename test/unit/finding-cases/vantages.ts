// vantage-differs compares reports of one target from several vantages: its cases are sets of reports,
// each built from canned observations placed at addresses (inside a private network, outside on public
// addresses, behind NAT) the way a real run would record them. The comparison reads only what the
// reports say; the vantage names here are deliberately meaningless.
import type { Observations } from '../../../src/model/observations.js';
import type { Report } from '../../../src/model/report.js';
import { reportOf } from '../../../src/diagnosis/assembly/report.js';
import { mapStrings } from '../../../src/safety/visible.js';
import { activeOf, CLIENT, healthy, passiveOf, SERVER, stopped } from '../observations.js';

export interface ComparisonCase {
  name: string;
  build: () => Report[];
  /** A phrase the likely rule of the finding must contain (per finding, in stage order). */
  rule?: RegExp[];
}

/** Observations moved to other addresses: the client's and the server's everywhere they appear. */
function placed(o: Observations, client: string, server: string): Observations {
  return mapStrings(o, (t) => (t === SERVER ? server : t === CLIENT ? client : t));
}

/**
 * The report of one vantage: these observations, with the client and server at these addresses. The
 * vantage knows its own address (`client`) unless `known` is false and it never connected.
 */
export function vantageReport(name: string, o: Observations, client: string, server: string, known = true): Report {
  const at = placed(o, client, server);
  const report = reportOf(
    { input: 'ftp.example.net', host: 'ftp.example.net', port: 21, credentials: { user: 'anonymous' }, mode: at.mode },
    {
      observations: at,
      transcript: [],
      startedAt: new Date(0),
      durationMs: 40,
      address: { address: server, family: 4 },
    },
  );
  const local = at.connect?.kind === 'connected' ? at.connect.local.address : null;
  return { ...report, vantage: { name, address: known ? client : local } };
}

/** Addresses: a LAN with the server on it, the server's public address, a public vantage, a NAT'd one. */
const LAN_SERVER = '10.20.0.10';
const LAN_CLIENT = '10.20.0.55';
const PUBLIC_SERVER = '203.0.113.21';
const PUBLIC_CLIENT = '198.51.100.40';
const OTHER_PUBLIC_CLIENT = '192.0.2.77';
const NATTED_CLIENT = '192.168.7.23';

const passiveTimedOut = (): Observations => {
  const o = healthy();
  const p = passiveOf(o);
  p.data = { kind: 'timeout', ms: 2000 };
  p.transfer = undefined;
  return o;
};
const controlTimedOut = (): Observations => stopped({ connect: { kind: 'timeout', ms: 2000 } });
const controlRefused = (): Observations => stopped({ connect: { kind: 'refused', ms: 1 } });
const noCallback = (): Observations => {
  const o = healthy();
  const a = activeOf(o);
  a.callback = { kind: 'none', ms: 2000 };
  a.listReply = undefined;
  a.transfer = undefined;
  return o;
};
const loginRefused = (): Observations => ({
  ...healthy(),
  login: {
    kind: 'refused',
    ms: 5,
    user: 'bob',
    command: 'PASS',
    reply: { code: 530, lines: ['Login incorrect.'] },
    tlsRequired: false,
    exchanges: [],
  },
  passive: undefined,
  active: undefined,
});
const resolved = (): Observations => ({
  ...healthy(),
  dns: { kind: 'resolved', ms: 4, addresses: [{ address: SERVER, family: 4 }], chosen: { address: SERVER, family: 4 } },
});
const unresolved = (): Observations =>
  stopped({ dns: { kind: 'failed', ms: 3, reason: 'not-found', errno: 'ENOTFOUND' }, connect: undefined });

const inside = (name: string, o: Observations): Report => vantageReport(name, o, LAN_CLIENT, LAN_SERVER);
const outside = (name: string, o: Observations, client = PUBLIC_CLIENT): Report =>
  vantageReport(name, o, client, PUBLIC_SERVER);

export const VANTAGE_FIRES: [ComparisonCase, ...ComparisonCase[]] = [
  {
    name: 'the router forwards 21 but not the passive range: inside works, outside times out',
    build: () => [inside('alpha', healthy()), outside('beta', passiveTimedOut())],
    rule: [/forwards the control port but not the passive port range/],
  },
  {
    name: 'the same with the vantages in the other order and the outside one named "here"',
    build: () => [outside('here', passiveTimedOut()), inside('gamma', healthy())],
    rule: [/not the passive port range/],
  },
  {
    name: 'no port forward for the control port: refused from outside',
    build: () => [inside('alpha', healthy()), outside('beta', controlRefused())],
    rule: [/does not forward it to the server/],
  },
  {
    name: 'the outside vantage never connected and does not know its own address: it tried the public one',
    build: () => [
      inside('alpha', healthy()),
      vantageReport('beta', controlTimedOut(), PUBLIC_CLIENT, PUBLIC_SERVER, false),
    ],
    rule: [/does not forward it to the server/],
  },
  {
    name: 'the callback to the outside vantage never comes',
    build: () => [inside('alpha', healthy()), outside('beta', noCallback())],
    rule: [/active callback to the outside vantage is blocked/],
  },
  {
    name: 'missing hairpin NAT: the LAN client reaches the public address and times out, outside works',
    build: () => [vantageReport('alpha', controlTimedOut(), NATTED_CLIENT, PUBLIC_SERVER), outside('beta', healthy())],
    rule: [/hairpin NAT/],
  },
  {
    name: 'a source-address rule: two public vantages, one filtered',
    build: () => [outside('alpha', healthy()), outside('beta', controlTimedOut(), OTHER_PUBLIC_CLIENT)],
    rule: [/allow list or geo-blocking/],
  },
  {
    name: 'the name resolves inside only (split-horizon DNS)',
    build: () => [inside('alpha', resolved()), outside('beta', unresolved())],
    rule: [/internal DNS zone/],
  },
  {
    name: 'three vantages, passive and active differ: one finding per connection',
    build: () => [inside('alpha', healthy()), outside('beta', passiveTimedOut()), outside('delta', noCallback())],
    rule: [/passive port range/, /active callback/],
  },
];

export const VANTAGE_SILENT: ComparisonCase[] = [
  { name: 'inside and outside agree', build: () => [inside('alpha', healthy()), outside('beta', healthy())] },
  {
    name: 'both time out on the passive port alike',
    build: () => [inside('alpha', passiveTimedOut()), outside('beta', passiveTimedOut())],
  },
  {
    name: 'the login fails at one vantage (no password there): its data connections were never tried',
    build: () => [inside('alpha', healthy()), outside('beta', loginRefused())],
  },
  { name: 'one vantage only', build: () => [outside('alpha', passiveTimedOut())] },
];
