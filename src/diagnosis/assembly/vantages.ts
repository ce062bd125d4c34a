// One target checked from several vantages: which connections (name lookup, control, passive data,
// active callback) work from where, and the likely rule when they differ (vantage-differs; its article
// is rules/vantage-differs.ts). Inside and outside are read from what each vantage connected to and
// from where, never from its name. Pure: reports in, findings out.
import type { Finding } from '../../model/findings.js';
import type { ConnectionReport, Report } from '../../model/report.js';
import { ranStage } from '../../model/stage-report.js';
import type { StageName } from '../../model/stages.js';
import { classifyAddress } from '../../protocol/address.js';
import { CATALOGUE } from '../rules/catalogue.js';
import { type CommandTarget, fillCommands } from '../rules/commands.js';

/**
 * Where a vantage stands relative to the server:
 * - inside: it reached the server at a private, unique-local, link-local or loopback address;
 * - outside: its own address is public, and so is the one it reached;
 * - behind-nat: its own address is private and it reached a public one (its own router's NAT, or the
 *   server's router looping the connection back when both share a LAN);
 * - unknown: it never connected, so neither address is known.
 */
export type Position = 'inside' | 'outside' | 'behind-nat' | 'unknown';

type Kind = 'dns' | ConnectionReport['kind'];
type Outcome = 'ok' | 'failed';

interface Seen {
  name: string;
  position: Position;
  /** The address it reached the server at, and its own. */
  target: string | null;
  source: string | null;
  outcomes: Partial<Record<Kind, { outcome: Outcome; words: string }>>;
}

const KINDS: readonly Kind[] = ['dns', 'control', 'passive', 'active'];
const STAGE: Record<Kind, StageName> = { dns: 'dns', control: 'connect', passive: 'passive', active: 'active' };
const WHAT: Record<Kind, string> = {
  dns: 'The name lookup',
  control: 'The control connection',
  passive: 'The passive data connection',
  active: 'The active callback (the server connecting back)',
};

/** The local address of the control connection, where the connect stage saw one. */
function localAddress(r: Report): string | null {
  const connect = ranStage(r.stages, 'connect');
  return connect?.outcome === 'connected' ? connect.local.address : null;
}

/** The server's address this vantage connected (or tried to connect) to. */
function targetAddress(r: Report): string | null {
  const dns = ranStage(r.stages, 'dns');
  const chosen = dns && 'chosen' in dns ? dns.chosen : null;
  return r.target.address ?? chosen;
}

const reachedPrivately = (address: string): boolean => classifyAddress(address) !== 'public';

export function positionOf(target: string | null, source: string | null): Position {
  if (target !== null && reachedPrivately(target) && classifyAddress(target) !== 'unspecified') return 'inside';
  if (target === null || source === null) return 'unknown';
  return classifyAddress(source) === 'public' ? 'outside' : 'behind-nat';
}

function endpoint(c: ConnectionReport['to']): string {
  const address = c.address.includes(':') ? `[${c.address}]` : c.address;
  return c.port === null ? address : `${address}:${c.port}`;
}

function observe(r: Report): Seen {
  const source = r.vantage?.address ?? localAddress(r);
  const target = targetAddress(r);
  const outcomes: Seen['outcomes'] = {};
  const dns = ranStage(r.stages, 'dns');
  if (dns)
    outcomes.dns =
      dns.status === 'fail' ? { outcome: 'failed', words: dns.summary } : { outcome: 'ok', words: dns.summary };
  for (const c of r.connections) {
    if (c.status === 'not-tried' || outcomes[c.kind]) continue;
    outcomes[c.kind] = { outcome: c.status, words: `to ${endpoint(c.to)}: ${c.detail}` };
  }
  return { name: r.vantage?.name ?? 'here', position: positionOf(target, source), target, source, outcomes };
}

function where(s: Seen): string {
  const own = s.source ? ` at ${s.source}` : '';
  switch (s.position) {
    case 'inside':
      return `${s.name}${own}, inside: it reached the server at ${s.target ?? ''}, an address of a private network`;
    case 'outside':
      return `${s.name}${own}, outside: a public address`;
    case 'behind-nat':
      return `${s.name}${own}, behind NAT: a private address that reached the public address ${s.target ?? ''}`;
    case 'unknown':
      return s.name;
  }
}

const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('; ')}; and ${items.at(-1) ?? ''}`;

/** The likely rule for one connection, from where it works and where it fails. */
function likelyRule(kind: Kind, working: Seen[], failing: Seen[]): string {
  const has = (group: Seen[], ...positions: Position[]): boolean => group.some((s) => positions.includes(s.position));
  if (kind === 'dns')
    return (
      'The name is known in one place only: an internal DNS zone (split-horizon DNS) that has no public record, ' +
      "or the failing vantage's resolver cannot reach the name's servers."
    );
  // A vantage that never connected may not know its own address; it still tried the server's public one.
  if (has(working, 'inside') && has(failing, 'outside', 'behind-nat', 'unknown'))
    return {
      control:
        'The path from the internet to the control port: the router does not forward it to the server (or forwards ' +
        'it to another host), or the edge firewall drops it.',
      passive:
        'The router forwards the control port but not the passive port range (or the edge firewall opens only the ' +
        'control port): from inside the data ports are reached directly, from outside they are not.',
      active:
        "The active callback to the outside vantage is blocked on the way out: the server's edge firewall does not " +
        'let the server connect out (from port 20 to high ports), or the NAT in front of the server drops it; or ' +
        "the outside vantage's own firewall does not let the callback in.",
    }[kind];
  if (has(working, 'outside', 'behind-nat') && has(failing, 'inside'))
    return (
      'The path inside the network: a firewall between the failing vantage and the server (between LAN segments or ' +
      "on the server itself) that allows the connections from outside but not this one, or the local network's " +
      'egress filter.'
    );
  if (has(working, 'outside') && has(failing, 'behind-nat'))
    return (
      "The failing vantage's network: its egress filter lets out only some ports (the control port, or the " +
      'passive range), or, when it shares a LAN with the server and reaches its public address, the router does ' +
      'not loop such connections back in (missing hairpin NAT, also called NAT loopback or NAT reflection).'
    );
  return (
    'A rule that depends on where the connection comes from: an allow list or geo-blocking in front of the ' +
    "server, a ban after failed logins, a cloud security group; or the failing vantage's own network (its " +
    'egress filter, or missing hairpin NAT when it shares a LAN with the server).'
  );
}

/** What the printed commands are filled with: the one target every vantage checked. */
function commandTarget(report: Report | undefined): CommandTarget {
  const tlsStage = report?.stages.find((st) => st.name === 'tls');
  const implicit = report?.target.input.startsWith('ftps://') ?? false;
  return {
    host: report?.target.host ?? 'HOST',
    port: report?.target.port ?? 21,
    user: report?.user ?? 'USER',
    tls: implicit ? 'implicit' : tlsStage && tlsStage.status !== 'skip' ? 'explicit' : undefined,
    address: report?.target.address ?? undefined,
    dataPort: undefined,
  };
}

/** The vantage-differs findings of one target's reports from several vantages; none when they agree. */
export function compareVantages(reports: readonly Report[]): Finding[] {
  if (reports.length < 2) return [];
  const article = CATALOGUE['vantage-differs'];
  const seen = reports.map(observe);
  const findings: Finding[] = [];
  for (const kind of KINDS) {
    const working = seen.filter((s) => s.outcomes[kind]?.outcome === 'ok');
    const failing = seen.filter((s) => s.outcomes[kind]?.outcome === 'failed');
    if (working.length === 0 || failing.length === 0) continue;
    const said = (s: Seen): string => `from ${where(s)} (${s.outcomes[kind]?.words ?? ''})`;
    const evidence = `${WHAT[kind]} works ${list(working.map(said))}, ` + `and fails ${list(failing.map(said))}.`;
    findings.push({
      code: 'vantage-differs',
      severity: article.severity,
      stage: STAGE[kind],
      title: article.title,
      evidence,
      explanation: article.explanation,
      likelyRule: likelyRule(kind, working, failing),
      confirm: article.confirm.map((c) => fillCommands(c, commandTarget(reports[0]))),
      fix: article.fix.map((f) => ({ ...f, text: fillCommands(f.text, commandTarget(reports[0])) })),
    });
  }
  return findings;
}
