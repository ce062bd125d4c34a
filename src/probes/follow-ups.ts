// Checks after the stages, each on a connection of its own: the AUTH TLS probe behind tls-offered, the
// passive-range sweep, and the plain-FTP comparison of a TLS check.
import type { Exchange, Observations } from '../model/observations.js';
import { ControlChannel } from '../net/control.js';
import { connectTcp } from '../net/tcp.js';
import { probeActive } from './active.js';
import { ANONYMOUS_PASSWORD, type CheckSettings, SWEEP_MAX_PORTS, type SweepRequest } from '../model/settings.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { probeGreeting } from './greeting.js';
import { probePassive, requestPassive } from './passive.js';
import { type Address, leavesControlInSync, openSession } from './session.js';
import { sampleRange, sweepRange } from './sweep.js';

export const namesAuthTls = (feature: string): boolean => /^AUTH\b.*\b(TLS|SSL)\b/i.test(feature);

/**
 * FEAT lists AUTH TLS, but some servers list it without having TLS configured: ask on a second
 * connection whether AUTH TLS is really accepted, and leave before any handshake.
 */
export async function probeAuthTls(settings: CheckSettings, address: Address | undefined, ctx: ProbeContext): Promise<Exchange | undefined> {
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

export async function sweep(settings: CheckSettings, request: SweepRequest, address: Address | undefined, ctx: ProbeContext): Promise<Observations['sweep']> {
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

/**
 * After a TLS check: the same steps over plain FTP, when the user allows it. The PASV reply is compared
 * with the one under TLS (a router's FTP ALG can rewrite only the plain one), and data steps that failed
 * under TLS are repeated to see whether a firewall helper, blind to encrypted commands, is the cause.
 */
export async function comparePlain(settings: CheckSettings, address: Address | undefined, obs: Observations, ctx: ProbeContext): Promise<Observations['plain']> {
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
