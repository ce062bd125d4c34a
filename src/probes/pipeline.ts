// Runs the stages in order, each on the observations of the ones before, within one deadline.
// A stage that cannot run because an earlier one failed is simply not observed; follow-up checks
// (follow-ups.ts) run after the stages when they were asked for.
import type { Observations } from '../model/observations.js';
import type { TranscriptEntry } from '../model/report.js';
import type { StageName } from '../model/stages.js';
import { ControlChannel } from '../net/control.js';
import { deadlineAfter } from '../net/deadline.js';
import { connectTcp } from '../net/tcp.js';
import { startTls } from '../net/tls.js';
import { Transcript } from '../net/transcript.js';
import { probeActive } from './active.js';
import type { CheckSettings } from '../model/settings.js';
import { Secrets } from '../safety/secrets.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { probeDns } from './dns.js';
import { comparePlain, namesAuthTls, probeAuthTls, sweep } from './follow-ups.js';
import { probeGreeting } from './greeting.js';
import { probeLogin } from './login.js';
import { probePassive } from './passive.js';
import { type Address, leavesControlInSync, openSession, tlsUp } from './session.js';
import { probeExplicitTls } from './tls.js';

export interface StageEvents {
  started(stage: StageName): void;
  finished(stage: StageName, observations: Observations): void;
}

export interface ProbeRun {
  observations: Observations;
  transcript: TranscriptEntry[];
  startedAt: Date;
  durationMs: number;
  address: Address | undefined;
}

const NO_EVENTS: StageEvents = { started: () => {}, finished: () => {} };

export async function runProbes(settings: CheckSettings, events: StageEvents = NO_EVENTS): Promise<ProbeRun> {
  const startedAt = new Date();
  const start = Date.now();
  const secrets = new Secrets(settings.secrets);
  const ctx: ProbeContext = {
    timeoutMs: settings.timeoutMs,
    deadline: deadlineAfter(settings.deadlineMs),
    transcript: new Transcript(start, secrets),
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
    events.finished(name, secrets.redactAll(obs));
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
        let { result, socket } = await connectTcp(to, address?.family ?? 4, stepWait(ctx).ms);
        // Like dual-stack clients, try the other address family when the first cannot be reached at all
        // (no route, no IPv6 here); a refusal or a drop is an answer about the server and stays.
        const other = obs.dns?.kind === 'resolved' ? obs.dns.addresses.find((a) => a.family !== address?.family) : undefined;
        if (other && address && (result.kind === 'unreachable' || result.kind === 'error')) {
          ctx.transcript.add('control', 'note', `connect to ${to.address}:${to.port}: ${result.kind}; trying ${other.address}`);
          const second = await connectTcp({ address: other.address, port: settings.port }, other.family, stepWait(ctx).ms);
          if (second.socket) {
            obs.addressFallback = { ...address, result };
            address = other;
            to.address = other.address;
            ({ result, socket } = second);
          }
        }
        obs.connect = result;
        ctx.transcript.add('control', 'note', result.kind === 'connected' ? `connected to ${to.address}:${to.port} from ${result.local.address}:${result.local.port} in ${result.ms} ms` : `connect to ${to.address}:${to.port}: ${result.kind} after ${result.ms} ms`);
        if (!socket) return false;
        if (settings.tls?.mode === 'implicit' && ctx.tls) {
          // Implicit FTPS: TLS from the first byte, so the greeting arrives encrypted.
          const { result: handshake, socket: secure } = await startTls(socket, ctx.tls, { timeoutMs: stepWait(ctx).ms, describeCertificate: true });
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
  // Probes parse what servers send as it came (a password that looks like a port number must not break
  // a PASV reply); what leaves the probes is scrubbed of the secrets, wherever a server repeated them.
  return { observations: secrets.redactAll(obs), transcript: ctx.transcript.finish(), startedAt, durationMs: Date.now() - start, address };
}

function mustHave(control: ControlChannel | undefined): ControlChannel {
  if (!control) throw new Error('stage ran without a control connection');
  return control;
}
