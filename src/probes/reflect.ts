// `ftpcheck reflect`: the active-mode test from behind this machine's router, against an agent's
// reflector. A nonce from the agent's API logs in (USER anonymous, PASS <nonce>); the active stage tells
// the reflector this machine's address and data port twice — in hex (SITE CLIENT), which routers' FTP
// helpers do not rewrite, and in PORT/EPRT, which they do — and the reflector connects back with the
// nonce; the passive stage fetches the nonce the other way. Then the API says what the reflector saw.
// With --tls, the same rounds over plain FTP first (a second nonce), to show what a helper does there.
import type { Endpoint, TransferResult } from '../model/connections.js';
import type { Exchange } from '../model/exchanges.js';
import type { Family, Observations } from '../model/observations.js';
import type { NonceArrival, ReflectObservation } from '../model/reflect.js';
import type { ReflectRun } from '../model/run.js';
import type { CheckSettings } from '../model/settings.js';
import type { ControlChannel } from '../net/control.js';
import { CLIENT_COMMAND, encodeClientHex } from '../protocol/reflect.js';
import { probeActive } from './active.js';
import { type ProbeContext, stepWait } from './context.js';
import { dnsStage } from './dns.js';
import { probePassive } from './passive.js';
import { openSession, planToAddress, sessionPlan, type SessionPlan } from './session.js';
import { type StageEvents, StageRunner } from './stage-runner.js';

export interface ReflectSettings {
  /** The agent's base URL (http or https), without credentials. */
  api: URL;
  /** The agent's reflector API (remote/reflector-client.ts): the nonces, and what the reflector saw. */
  agent: ReflectorApi;
  tls: boolean;
  /** Extra trust anchors for the reflector's certificate, PEM. */
  ca: string | undefined;
  timeoutMs: number;
  deadlineMs: number;
  family: Family | undefined;
}

/** A nonce as the agent's API hands it out. */
interface Issued {
  nonce: string;
  port: number;
}

/** The agent's answers this probe needs; failures come as words (a string, or an unavailable view). */
export interface ReflectorApi {
  issue(): Promise<Issued | string>;
  view(nonce: string): Promise<ReflectObservation['view']>;
}

const NOTHING: StageEvents = { started: () => undefined, finished: () => undefined };

/** The reflector's data connections carry the nonce and a line end: a few dozen bytes. */
const NONCE_BYTES = 4096;

export async function runReflect(settings: ReflectSettings): Promise<ReflectRun> {
  const first = await settings.agent.issue();
  if (typeof first === 'string') return { kind: 'api-failed', reason: first };
  const host = settings.api.hostname.replace(/^\[(.*)\]$/, '$1');
  const checkSettings = settingsFor(settings, host, first);
  const run = new StageRunner(checkSettings, NOTHING);
  const { ctx } = run;
  const dns = await run.step('dns', () => dnsStage(host, settings.family, first.port, ctx));
  if (!dns?.target) return { kind: 'ran', run: run.finish(undefined), host, port: first.port };
  const plan = sessionPlan(checkSettings, dns.target, ctx);

  // With TLS, first the plain rounds, to compare: what a router's FTP helper does when it can read PORT.
  const plain = settings.tls ? await plainRounds(settings, planToAddress(plan, dns.target.address), ctx) : undefined;

  const session = await openSession(plan, ctx, run.step);
  let announceExchange: Exchange | undefined;
  let announced: Endpoint | undefined;
  if (session.kind === 'open') {
    try {
      const announce = async (listen: Endpoint): Promise<void> => {
        announced = listen;
        announceExchange = await tellAddress(session.control, listen, ctx);
      };
      await run.step('active', async () => ({ observed: { active: await probeActive(session, ctx, announce) } }));
      const active = run.observations.active;
      // A reply still owed on the control connection (the callback wait ended first) would answer the next command.
      const inSync = active?.kind !== 'ran' || active.listReply === undefined || active.listReply.kind === 'reply';
      if (session.control.isOpen && inSync)
        await run.step('passive', async () => ({ observed: { passive: await probePassive(session, ctx) } }));
      else
        await run.step('passive', () =>
          Promise.resolve({
            observed: {
              passive: {
                kind: 'not-run' as const,
                reason: "the active round ended without the reflector's reply to LIST (raise --timeout)",
              },
            },
          }),
        );
      if (session.control.isOpen) await session.control.command('QUIT', stepWait(ctx));
    } finally {
      session.control.close();
    }
  }
  const o = run.observations;
  const reflect: ReflectObservation = {
    api: settings.api.origin,
    announced,
    announceExchange,
    activeNonce: arrival(o.active?.kind === 'ran' ? o.active.transfer : undefined, first.nonce),
    passiveNonce: arrival(o.passive?.kind === 'ran' ? o.passive.transfer : undefined, first.nonce),
    view: await settings.agent.view(first.nonce),
    ...(plain && { plainView: plain.view }),
  };
  return {
    kind: 'ran',
    run: run.finish(session.address, { reflect, ...(plain && { plain: plain.observed }) }),
    host,
    port: first.port,
  };
}

function settingsFor(settings: ReflectSettings, host: string, issued: Issued): CheckSettings {
  return {
    host,
    port: issued.port,
    credentials: { user: 'anonymous', password: issued.nonce },
    mode: 'both',
    timeoutMs: settings.timeoutMs,
    deadlineMs: settings.deadlineMs,
    family: settings.family,
    maxDataBytes: NONCE_BYTES,
    tls: settings.tls ? { mode: 'explicit', strict: false, ca: settings.ca } : undefined,
    plainFallback: false,
    sweep: undefined,
    // The nonce is good for one login only, and used by the time anything is reported.
    secrets: [],
    bulk: undefined,
    upload: false,
    audit: false,
    certWarnDays: 0,
    expectFiles: [],
  };
}

/** SITE CLIENT with the hex form of where this machine listens. */
async function tellAddress(
  control: ControlChannel,
  listen: Endpoint,
  ctx: ProbeContext,
): Promise<Exchange | undefined> {
  const hex = encodeClientHex(listen.address, listen.port);
  if (hex === undefined) return undefined;
  const command = `${CLIENT_COMMAND} ${hex}`;
  return { command, result: await control.command(command, stepWait(ctx)) };
}

/** How the nonce arrived on a data connection. */
export function arrival(transfer: TransferResult | undefined, nonce: string): NonceArrival {
  if (!transfer) return { kind: 'missing', reason: 'no data connection' };
  if (transfer.kind !== 'complete') return { kind: 'missing', reason: `the transfer ended ${transfer.kind}` };
  const text = transfer.listing?.text ?? '';
  if (text.replace(/\r?\n$/, '') === nonce) return { kind: 'intact' };
  return { kind: 'changed', received: text.slice(0, 200), bytes: transfer.bytes };
}

/** The plain rounds of a --tls run: a session of their own, with a nonce of their own. */
async function plainRounds(
  settings: ReflectSettings,
  plan: SessionPlan,
  ctx: ProbeContext,
): Promise<{ observed: NonNullable<Observations['plain']>; view: ReflectObservation['view'] } | undefined> {
  const issued = await settings.agent.issue();
  if (typeof issued === 'string')
    return { observed: { kind: 'not-run', reason: issued }, view: { kind: 'unavailable', reason: issued } };
  const session = await openSession(
    { ...plan, tls: undefined, login: { user: 'anonymous', password: issued.nonce } },
    ctx,
  );
  if (session.kind === 'failed')
    return { observed: { kind: 'not-run', reason: session.reason }, view: await settings.agent.view(issued.nonce) };
  try {
    const active = await probeActive(session, ctx, async (listen) => {
      await tellAddress(session.control, listen, ctx);
    });
    const passive = session.control.isOpen ? await probePassive(session, ctx) : undefined;
    const pasv = passive?.kind === 'ran' ? passive.requests.find((r) => r.command === 'PASV') : undefined;
    return {
      observed: { kind: 'ran', pasv, passive, active },
      view: await settings.agent.view(issued.nonce),
    };
  } finally {
    session.control.close();
  }
}
