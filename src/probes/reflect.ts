// `ftpcheck reflect`: the active-mode test from behind this machine's router, against an agent's
// reflector. A nonce from the agent's API logs in (USER anonymous, PASS <nonce>); the active stage tells
// the reflector this machine's address and data port twice — in hex (SITE CLIENT), which routers' FTP
// helpers do not rewrite, and in PORT/EPRT, which they do — and the reflector connects back with the
// nonce; the passive stage fetches the nonce the other way. Then the API says what the reflector saw.
// With --tls, the same rounds over plain FTP first (a second nonce), to show what a helper does there.
import type { Endpoint, Exchange, Family, Observations, TransferResult } from '../model/observations.js';
import type { NonceArrival, ReflectObservation, ReflectorView } from '../model/reflect.js';
import type { CheckSettings } from '../model/settings.js';
import type { ControlChannel } from '../net/control.js';
import { callAgent } from '../net/agent-api.js';
import { CLIENT_COMMAND, encodeClientHex } from '../protocol/reflect.js';
import { probeActive } from './active.js';
import { type ProbeContext, stepWait } from './context.js';
import { dnsStage } from './dns.js';
import { probePassive } from './passive.js';
import { openSession, planToAddress, sessionPlan, type SessionPlan } from './session.js';
import { type ProbeRun, type StageEvents, StageRunner } from './stage-runner.js';

export interface ReflectSettings {
  /** The agent's base URL (http or https), without credentials. */
  api: URL;
  token: string | undefined;
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

export type ReflectRun =
  { kind: 'ran'; run: ProbeRun; host: string; port: number } | { kind: 'api-failed'; reason: string };

const NOTHING: StageEvents = { started: () => undefined, finished: () => undefined };

/** The reflector's data connections carry the nonce and a line end: a few dozen bytes. */
const NONCE_BYTES = 4096;

export async function runReflect(settings: ReflectSettings): Promise<ReflectRun> {
  const first = await issue(settings);
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
    view: await viewOf(settings, first.nonce),
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

/** A nonce from the agent, or why there is none, in words. */
async function issue(settings: ReflectSettings): Promise<Issued | string> {
  const answer = await callAgent(new URL('/api/reflect', settings.api), 'POST', settings.token, settings.timeoutMs);
  if (answer.kind === 'failed') return `the agent's API (${settings.api.origin}) did not answer: ${answer.reason}`;
  const body = answer.body;
  if (answer.status !== 200) return `the agent's API answered ${answer.status}: ${errorOf(body)}`;
  const nonce: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'nonce') : undefined;
  const port: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'port') : undefined;
  if (typeof nonce !== 'string' || !/^[0-9a-f]{32}$/.test(nonce) || typeof port !== 'number')
    return "the agent's API gave no nonce and port (is it an ftpcheck agent with its reflector on?)";
  return { nonce, port };
}

function errorOf(body: unknown): string {
  const error: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : undefined;
  return typeof error === 'string' ? error.slice(0, 200) : 'no reason given';
}

async function viewOf(settings: ReflectSettings, nonce: string): Promise<ReflectObservation['view']> {
  const answer = await callAgent(
    new URL(`/api/reflect/${nonce}`, settings.api),
    'GET',
    settings.token,
    settings.timeoutMs,
  );
  if (answer.kind === 'failed') return { kind: 'unavailable', reason: answer.reason };
  if (answer.status !== 200) return { kind: 'unavailable', reason: `HTTP ${answer.status}: ${errorOf(answer.body)}` };
  const view = readView(answer.body);
  return view
    ? { kind: 'seen', view }
    : { kind: 'unavailable', reason: "the agent's answer is not a reflector's view" };
}

// The agent's answer is read, not trusted: every field the diagnosis uses is checked for its type.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEndpoint = (v: unknown): v is Endpoint =>
  isObject(v) && typeof v.address === 'string' && Number.isInteger(v.port);
const orNull = (v: unknown, check: (x: unknown) => boolean): boolean => v === null || check(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const OUTCOMES = new Set(['connected', 'refused', 'timeout', 'unreachable', 'error']);
const LISTS_AT_MOST = 64;

function listOf(v: unknown, check: (x: Record<string, unknown>) => boolean): boolean {
  return Array.isArray(v) && v.length <= LISTS_AT_MOST && v.every((x) => isObject(x) && check(x));
}

/** A reflector's view as the agent's API answered it; undefined when its shape is not that. */
export function readView(body: unknown): ReflectorView | undefined {
  if (!isObject(body) || !isEndpoint(body.peer) || !isEndpoint(body.local) || !isBoolean(body.tls)) return undefined;
  const announced = body.announced;
  if (!orNull(announced, (a) => isObject(a) && isString(a.text) && orNull(a.parsed, isEndpoint))) return undefined;
  const ports = listOf(
    body.ports,
    (p) =>
      (p.command === 'PORT' || p.command === 'EPRT') &&
      isString(p.text) &&
      orNull(p.parsed, isEndpoint) &&
      orNull(p.matchesAnnounced, isBoolean) &&
      isBoolean(p.matchesPeer) &&
      isBoolean(p.accepted) &&
      Number.isInteger(p.code),
  );
  const callbacks = listOf(
    body.callbacks,
    (c) =>
      isEndpoint(c.to) &&
      orNull(c.from, isEndpoint) &&
      orNull(c.notFromPort20, isString) &&
      OUTCOMES.has(String(c.outcome)) &&
      isBoolean(c.sent),
  );
  const passive = listOf(
    body.passive,
    (p) =>
      (p.command === 'PASV' || p.command === 'EPSV') &&
      Number.isInteger(p.port) &&
      orNull(p.from, isEndpoint) &&
      isBoolean(p.sent),
  );
  // Every field the diagnosis reads was checked just above.
  return ports && callbacks && passive ? (body as unknown as ReflectorView) : undefined;
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
  const issued = await issue(settings);
  if (typeof issued === 'string')
    return { observed: { kind: 'not-run', reason: issued }, view: { kind: 'unavailable', reason: issued } };
  const session = await openSession(
    { ...plan, tls: undefined, login: { user: 'anonymous', password: issued.nonce } },
    ctx,
  );
  if (session.kind === 'failed')
    return { observed: { kind: 'not-run', reason: session.reason }, view: await viewOf(settings, issued.nonce) };
  try {
    const active = await probeActive(session, ctx, async (listen) => {
      await tellAddress(session.control, listen, ctx);
    });
    const passive = session.control.isOpen ? await probePassive(session, ctx) : undefined;
    const pasv = passive?.kind === 'ran' ? passive.requests.find((r) => r.command === 'PASV') : undefined;
    return {
      observed: { kind: 'ran', pasv, passive, active },
      view: await viewOf(settings, issued.nonce),
    };
  } finally {
    session.control.close();
  }
}
