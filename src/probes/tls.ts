// Stage tls: AUTH TLS and the handshake on the control connection (explicit FTPS). Implicit FTPS
// handshakes right after connecting, and the connect stage (connect.ts) records that under tls too.
import type { TlsObservation } from '../model/observations.js';
import type { ControlChannel } from '../net/control.js';
import type { TlsSettings } from '../net/tls.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

export async function probeExplicitTls(
  control: ControlChannel,
  settings: TlsSettings,
  ctx: ProbeContext,
): Promise<TlsObservation> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const result = await control.command('AUTH TLS', stepWait(ctx));
  const exchange = { command: 'AUTH TLS', result };
  if (result.kind !== 'reply' || result.reply.code !== 234) return { kind: 'auth-refused', ms: elapsed(), exchange };
  const handshake = await control.startTls(settings, stepWait(ctx));
  return { kind: 'ran', ms: elapsed(), mode: 'explicit', exchange, handshake };
}
