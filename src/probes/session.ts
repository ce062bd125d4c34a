// Opening a control session (connect, greeting, TLS, login) outside the recorded stages: for the
// active stage after a passive stage that left the connection unusable, and for the follow-up checks.
import type { Address, PassiveObservation, TlsObservation } from '../model/observations.js';
import { ControlChannel } from '../net/control.js';
import { connectTcp } from '../net/tcp.js';
import { startTls } from '../net/tls.js';
import type { CheckSettings } from '../model/settings.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { probeGreeting } from './greeting.js';
import { probeLogin } from './login.js';
import { probeExplicitTls } from './tls.js';

export type { Address };

export function tlsUp(tls: TlsObservation | undefined): boolean {
  return tls?.kind === 'ran' && tls.handshake.kind === 'established';
}

/** True when every command of the passive stage got its reply, so the next command's reply is its own. */
export function leavesControlInSync(passive: PassiveObservation | undefined): boolean {
  if (!passive || passive.kind === 'not-run') return true;
  if (passive.requests.some((r) => r.exchange.result.kind !== 'reply')) return false;
  return passive.transfer === undefined || passive.transfer.kind === 'complete' || passive.transfer.kind === 'rejected';
}

/** Connects, reads the greeting, sets up TLS if asked and logs in again; returns why not when that fails. */
export async function openSession(settings: CheckSettings, address: Address | undefined, ctx: ProbeContext, tls: 'explicit' | 'implicit' | undefined): Promise<ControlChannel | string> {
  const to = { address: address?.address ?? settings.host, port: settings.port };
  const { result, socket } = await connectTcp(to, address?.family ?? 4, stepWait(ctx).ms);
  if (!socket) return `could not connect again (${result.kind})`;
  let control: ControlChannel;
  if (tls === 'implicit' && ctx.tls) {
    const { socket: secure } = await startTls(socket, ctx.tls, { timeoutMs: stepWait(ctx).ms, describeCertificate: false });
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
