// Runs the stages in order, each on the observations of the ones before, within one deadline.
// A stage that cannot run because an earlier one failed is simply not observed.
import type { Family, Observations, PassiveObservation } from '../model/observations.js';
import type { StageName } from '../model/stages.js';
import type { TranscriptEntry } from '../model/report.js';
import { ControlChannel } from '../net/control.js';
import { deadlineAfter } from '../net/deadline.js';
import { connectTcp } from '../net/tcp.js';
import { Transcript } from '../net/transcript.js';
import { probeActive } from './active.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { probeDns } from './dns.js';
import { probeGreeting } from './greeting.js';
import { type Credentials, probeLogin } from './login.js';
import { probePassive } from './passive.js';

export type Mode = 'passive' | 'active' | 'both';

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

export async function runProbes(settings: CheckSettings, events: StageEvents = NO_EVENTS): Promise<ProbeRun> {
  const startedAt = new Date();
  const start = Date.now();
  const ctx: ProbeContext = {
    timeoutMs: settings.timeoutMs,
    deadline: deadlineAfter(settings.deadlineMs),
    transcript: new Transcript(start),
    maxDataBytes: settings.maxDataBytes,
  };
  const obs: Observations = {
    target: { host: settings.host, port: settings.port, user: settings.credentials.user },
    mode: settings.mode,
    timeoutMs: settings.timeoutMs,
  };
  let address: ProbeRun['address'];
  let control: ControlChannel | undefined;

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
        if (socket) control = new ControlChannel(socket, ctx.transcript);
        return socket !== undefined;
      }],
      ['greeting', async () => {
        obs.greeting = await probeGreeting(mustHave(control), ctx);
        return obs.greeting.kind === 'greeted';
      }],
      ['login', async () => {
        obs.login = await probeLogin(mustHave(control), settings.credentials, ctx);
        return obs.login.kind === 'logged-in';
      }],
      ['passive', async () => {
        if (settings.mode === 'active') obs.passive = { kind: 'not-run', reason: 'not asked for (--mode active)' };
        else obs.passive = await probePassive(mustHave(control), address?.family ?? 4, ctx);
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
          const fresh = await openSession(settings, address, ctx);
          if (typeof fresh === 'string') {
            obs.active = { kind: 'not-run', reason: fresh };
            return true;
          }
          control = fresh;
        }
        obs.active = await probeActive(control, address?.family ?? 4, ctx);
        return true;
      }],
    ];
    for (const [name, body] of steps) {
      if (!(await stage(name, body))) break;
    }
  } finally {
    control?.close();
  }
  return { observations: obs, transcript: ctx.transcript.finish(), startedAt, durationMs: Date.now() - start, address };
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

/** Connects, reads the greeting and logs in again; returns why not when that fails. */
async function openSession(settings: CheckSettings, address: ProbeRun['address'], ctx: ProbeContext): Promise<ControlChannel | string> {
  const to = { address: address?.address ?? settings.host, port: settings.port };
  const { result, socket } = await connectTcp(to, address?.family ?? 4, stepWait(ctx).ms);
  if (!socket) return `could not reconnect for the active stage (${result.kind})`;
  const control = new ControlChannel(socket, ctx.transcript);
  const greeting = await probeGreeting(control, ctx);
  const login = greeting.kind === 'greeted' ? await probeLogin(control, settings.credentials, ctx) : undefined;
  if (login?.kind === 'logged-in') return control;
  control.destroy();
  return `could not log in again for the active stage (${login ? login.kind : greeting.kind})`;
}
