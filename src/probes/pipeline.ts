// Runs the stages in order, each on the observations of the ones before, within one deadline.
// A stage that cannot run because an earlier one failed is simply not observed.
import type { Exchange, Family, Observations, PassiveObservation, TlsObservation } from '../model/observations.js';
import type { TranscriptEntry } from '../model/report.js';
import type { StageName } from '../model/stages.js';
import { ControlChannel } from '../net/control.js';
import { deadlineAfter } from '../net/deadline.js';
import { connectTcp } from '../net/tcp.js';
import { startTls } from '../net/tls.js';
import { Transcript } from '../net/transcript.js';
import { probeActive } from './active.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { probeDns } from './dns.js';
import { probeGreeting } from './greeting.js';
import { type Credentials, probeLogin } from './login.js';
import { probePassive, requestPassive } from './passive.js';
import { sampleRange, SWEEP_MAX_PORTS, type SweepRequest, sweepRange } from './sweep.js';
import { probeExplicitTls } from './tls.js';

export type Mode = 'passive' | 'active' | 'both';

/** The password anonymous FTP asks for: by convention an e-mail-like string. */
export const ANONYMOUS_PASSWORD = 'ftpcheck@';

export interface TlsRequest {
  mode: 'explicit' | 'implicit';
  /** Certificate problems are errors rather than warnings. */
  strict: boolean;
  /** Extra trust anchors, PEM. */
  ca: string | undefined;
}

export interface CheckSettings {
  host: string;
  port: number;
  credentials: Credentials;
  mode: Mode;
  timeoutMs: number;
  deadlineMs: number;
  /** Use only this address family when the name has both. */
  family: Family | undefined;
  maxDataBytes: number;
  tls: TlsRequest | undefined;
  /** With TLS: may ftpcheck repeat failed data steps over plain FTP to compare? */
  plainFallback: boolean;
  /** Sweep the passive port range after the data stages. */
  sweep: SweepRequest | undefined;
}

export interface StageEvents {
  started(stage: StageName): void;
  finished(stage: StageName, observations: Observations): void;
}

export interface ProbeRun {
  observations: Observations;
  transcript: TranscriptEntry[];
  startedAt: Date;
  durationMs: number;
  address: { address: string; family: Family } | undefined;
}

const NO_EVENTS: StageEvents = { started: () => {}, finished: () => {} };

type Address = { address: string; family: Family };

export async function runProbes(settings: CheckSettings, events: StageEvents = NO_EVENTS): Promise<ProbeRun> {
  const startedAt = new Date();
  const start = Date.now();
  const ctx: ProbeContext = {
    timeoutMs: settings.timeoutMs,
    deadline: deadlineAfter(settings.deadlineMs),
    transcript: new Transcript(start),
    maxDataBytes: settings.maxDataBytes,
    tls: settings.tls ? { servername: settings.host, ca: settings.tls.ca } : undefined,
  };
  const obs: Observations = {
    target: { host: settings.host, port: settings.port, user: settings.credentials.user },
    mode: settings.mode,
    timeoutMs: settings.timeoutMs,
    tlsRequest: settings.tls ? { mode: settings.tls.mode, strict: settings.tls.strict } : undefined,
  };
  let address: Address | undefined;
  let control: ControlChannel | undefined;
  let protect = false;

  /** Runs one stage unless the deadline has passed; returns false when the run must stop. */
  const stage = async (name: StageName, body: () => Promise<boolean>): Promise<boolean> => {
    if (ctx.deadline.expired()) {
      obs.deadlineHit = { stage: name, deadlineMs: settings.deadlineMs };
      return false;
    }
    events.started(name);
    const goOn = await body();
    if (ctx.deadline.expired()) obs.deadlineHit = { stage: name, deadlineMs: settings.deadlineMs };
    events.finished(name, obs);
    return goOn && !obs.deadlineHit;
  };

  try {
    const steps: Array<[StageName, () => Promise<boolean>]> = [
      ['dns', async () => {
        obs.dns = await probeDns(settings.host, settings.family, ctx);
        if (obs.dns.kind === 'failed') return false;
        address = obs.dns.kind === 'literal' ? { address: obs.dns.address, family: obs.dns.family } : obs.dns.chosen;
        return true;
      }],
      ['connect', async () => {
        const to = { address: address?.address ?? settings.host, port: settings.port };
        const { result, socket } = await connectTcp(to, address?.family ?? 4, stepWait(ctx).ms);
        obs.connect = result;
        ctx.transcript.add('control', 'note', result.kind === 'connected' ? `connected to ${to.address}:${to.port} from ${result.local.address}:${result.local.port} in ${result.ms} ms` : `connect to ${to.address}:${to.port}: ${result.kind} after ${result.ms} ms`);
        if (!socket) return false;
        if (settings.tls?.mode === 'implicit' && ctx.tls) {
          // Implicit FTPS: TLS from the first byte, so the greeting arrives encrypted.
          const { result: handshake, socket: secure } = await startTls(socket, ctx.tls, stepWait(ctx).ms, true);
          obs.tls = { kind: 'ran', ms: handshake.ms, mode: 'implicit', exchange: undefined, handshake };
          ctx.transcript.add('control', 'note', handshake.kind === 'established' ? `implicit TLS established: ${handshake.protocol}, ${handshake.cipher}` : `implicit TLS handshake ${handshake.kind}`);
          if (!secure) return false;
          control = new ControlChannel(secure, ctx.transcript);
          return true;
        }
        control = new ControlChannel(socket, ctx.transcript);
        return true;
      }],
      ['greeting', async () => {
        obs.greeting = await probeGreeting(mustHave(control), ctx);
        return obs.greeting.kind === 'greeted';
      }],
      ['tls', async () => {
        if (!settings.tls || !ctx.tls) {
          obs.tls = { kind: 'not-run', reason: 'plain FTP (use --tls or ftps:// to check FTPS)' };
          return true;
        }
        if (settings.tls.mode === 'explicit') obs.tls = await probeExplicitTls(mustHave(control), ctx.tls, ctx);
        return tlsUp(obs.tls);
      }],
      ['login', async () => {
        obs.login = await probeLogin(mustHave(control), settings.credentials, ctx);
        protect = obs.login.kind === 'logged-in' && obs.login.dataProtection === 'private';
        return obs.login.kind === 'logged-in';
      }],
      ['passive', async () => {
        if (settings.mode === 'active') obs.passive = { kind: 'not-run', reason: 'not asked for (--mode active)' };
        else obs.passive = await probePassive(mustHave(control), address?.family ?? 4, protect, ctx);
        return true;
      }],
      ['active', async () => {
        if (settings.mode === 'passive') {
          obs.active = { kind: 'not-run', reason: 'not asked for (--mode passive)' };
          return true;
        }
        if (!control?.isOpen || !leavesControlInSync(obs.passive)) {
          // The passive stage left replies outstanding or lost the connection: start a clean session.
          control?.destroy();
          control = undefined;
          ctx.transcript.add('control', 'note', 'opening a new control connection for the active stage');
          const fresh = await openSession(settings, address, ctx, settings.tls?.mode);
          if (typeof fresh === 'string') {
            obs.active = { kind: 'not-run', reason: fresh };
            return true;
          }
          control = fresh;
        }
        obs.active = await probeActive(control, address?.family ?? 4, protect, ctx);
        return true;
      }],
    ];
    for (const [name, body] of steps) {
      if (!(await stage(name, body))) break;
    }
    if (settings.sweep && obs.login?.kind === 'logged-in' && !obs.deadlineHit) {
      control?.close();
      control = undefined;
      obs.sweep = await sweep(settings, settings.sweep, address, ctx);
    }
    if (obs.login?.kind === 'logged-in' && !obs.deadlineHit) {
      control?.close();
      control = undefined;
      if (settings.tls) obs.plain = await comparePlain(settings, address, obs, ctx);
      else if (obs.login.features?.some(namesAuthTls)) obs.authTlsProbe = await probeAuthTls(settings, address, ctx);
    }
  } finally {
    control?.close();
  }
  return { observations: obs, transcript: ctx.transcript.finish(), startedAt, durationMs: Date.now() - start, address };
}

const namesAuthTls = (feature: string): boolean => /^AUTH\b.*\b(TLS|SSL)\b/i.test(feature);

/**
 * FEAT lists AUTH TLS, but some servers list it without having TLS configured: ask on a second
 * connection whether AUTH TLS is really accepted, and leave before any handshake.
 */
async function probeAuthTls(settings: CheckSettings, address: Address | undefined, ctx: ProbeContext): Promise<Exchange | undefined> {
  const to = { address: address?.address ?? settings.host, port: settings.port };
  const { socket } = await connectTcp(to, address?.family ?? 4, stepWait(ctx).ms);
  if (!socket) return undefined;
  const control = new ControlChannel(socket, ctx.transcript);
  try {
    ctx.transcript.add('control', 'note', 'FEAT lists AUTH TLS: asking on a second connection whether it is accepted');
    if ((await probeGreeting(control, ctx)).kind !== 'greeted') return undefined;
    return { command: 'AUTH TLS', result: await control.command('AUTH TLS', stepWait(ctx)) };
  } finally {
    control.destroy();
  }
}

async function sweep(settings: CheckSettings, request: SweepRequest, address: Address | undefined, ctx: ProbeContext): Promise<Observations['sweep']> {
  const server = address?.address ?? settings.host;
  const family = address?.family ?? 4;
  if (request.kind === 'range') return sweepRange(server, family, { min: request.min, max: request.max }, undefined, ctx);
  const session = await openSession(settings, address, ctx, settings.tls?.mode);
  if (typeof session === 'string') return { kind: 'not-run', reason: session };
  let ports: number[];
  try {
    ports = await sampleRange(session, family, ctx);
  } finally {
    session.close();
  }
  if (ports.length === 0) return { kind: 'not-run', reason: 'the server named no passive port to infer its range from' };
  const min = Math.min(...ports);
  const max = Math.min(Math.max(...ports), min + SWEEP_MAX_PORTS - 1);
  return sweepRange(server, family, { min, max }, ports, ctx);
}

function tlsUp(tls: TlsObservation | undefined): boolean {
  return tls?.kind === 'ran' && tls.handshake.kind === 'established';
}

function mustHave(control: ControlChannel | undefined): ControlChannel {
  if (!control) throw new Error('stage ran without a control connection');
  return control;
}

/** True when every command of the passive stage got its reply, so the next command's reply is its own. */
function leavesControlInSync(passive: PassiveObservation | undefined): boolean {
  if (!passive || passive.kind === 'not-run') return true;
  if (passive.requests.some((r) => r.exchange.result.kind !== 'reply')) return false;
  return passive.transfer === undefined || passive.transfer.kind === 'complete' || passive.transfer.kind === 'rejected';
}

/** Connects, reads the greeting, sets up TLS if asked and logs in again; returns why not when that fails. */
async function openSession(settings: CheckSettings, address: Address | undefined, ctx: ProbeContext, tls: 'explicit' | 'implicit' | undefined): Promise<ControlChannel | string> {
  const to = { address: address?.address ?? settings.host, port: settings.port };
  const { result, socket } = await connectTcp(to, address?.family ?? 4, stepWait(ctx).ms);
  if (!socket) return `could not connect again (${result.kind})`;
  let control: ControlChannel;
  if (tls === 'implicit' && ctx.tls) {
    const { socket: secure } = await startTls(socket, ctx.tls, stepWait(ctx).ms, false);
    if (!secure) return 'the implicit TLS handshake failed on a new connection';
    control = new ControlChannel(secure, ctx.transcript);
  } else {
    control = new ControlChannel(socket, ctx.transcript);
  }
  const greeting = await probeGreeting(control, ctx);
  if (greeting.kind !== 'greeted') {
    control.destroy();
    return `no greeting on a new connection (${greeting.kind})`;
  }
  if (tls === 'explicit' && ctx.tls && !tlsUp(await probeExplicitTls(control, ctx.tls, ctx))) {
    control.destroy();
    return 'AUTH TLS failed on a new connection';
  }
  const login = await probeLogin(control, settings.credentials, ctx);
  if (login.kind === 'logged-in') return control;
  control.destroy();
  return `could not log in again (${login.kind === 'refused' ? `${login.reply.code} to ${login.command}` : login.kind})`;
}

/**
 * After a TLS check: the same steps over plain FTP, when the user allows it. The PASV reply is compared
 * with the one under TLS (a router's FTP ALG can rewrite only the plain one), and data steps that failed
 * under TLS are repeated to see whether a firewall helper, blind to encrypted commands, is the cause.
 */
async function comparePlain(settings: CheckSettings, address: Address | undefined, obs: Observations, ctx: ProbeContext): Promise<Observations['plain']> {
  if (!settings.plainFallback) return { kind: 'not-run', reason: 'turned off with --no-plain-fallback' };
  if (settings.tls?.mode !== 'explicit') return { kind: 'not-run', reason: 'implicit FTPS has no plain FTP on the same port' };
  const failed = (t: { kind: string } | undefined, ran: boolean): boolean => ran && t?.kind !== 'complete';
  const passiveFailed = obs.passive?.kind === 'ran' && failed(obs.passive.transfer, true);
  const activeFailed = obs.active?.kind === 'ran' && obs.active.callback?.kind !== 'arrived' && failed(obs.active.transfer, true);
  ctx.transcript.add('control', 'note', 'comparing with plain FTP (no TLS) on a new control connection, logged in anonymously');
  // Never send the user's password without TLS: the comparison logs in anonymously.
  const anonymous = { ...settings, credentials: { user: 'anonymous', password: ANONYMOUS_PASSWORD } };
  const plain = await openSession(anonymous, address, ctx, undefined);
  if (typeof plain === 'string') return { kind: 'not-run', reason: `plain anonymous FTP is not possible: ${plain}` };
  try {
    const family = address?.family ?? 4;
    const pasv = family === 4 ? await requestPassive(plain, 'PASV', ctx) : undefined;
    const passive = passiveFailed ? await probePassive(plain, family, false, ctx) : undefined;
    let active;
    if (activeFailed) {
      let channel = plain;
      if (passive && !leavesControlInSync(passive)) {
        plain.destroy();
        const again = await openSession(anonymous, address, ctx, undefined);
        if (typeof again === 'string') return { kind: 'ran', pasv, passive, active: { kind: 'not-run', reason: again } };
        channel = again;
      }
      active = await probeActive(channel, family, false, ctx);
      channel.close();
    }
    return { kind: 'ran', pasv, passive, active };
  } finally {
    plain.close();
  }
}
