// What every probe needs: its waits, the run's deadline and the transcript, passed explicitly.
import { PASS_GRACE_MS } from '../model/settings.js';
import type { Wait } from '../net/control.js';
import type { Deadline } from '../net/deadline.js';
import type { TlsSettings } from '../net/tls.js';
import type { Transcript } from '../net/transcript.js';

export interface ProbeContext {
  timeoutMs: number;
  deadline: Deadline;
  transcript: Transcript;
  /** Largest listing read from a data connection; more is cut off, not an error. */
  maxDataBytes: number;
  /** Set when the check uses TLS: the name to verify and extra trust anchors. */
  tls: Omit<TlsSettings, 'session'> | undefined;
}

/** The wait for one ordinary network step. */
export function stepWait(ctx: ProbeContext): Wait {
  return ctx.deadline.clamp(ctx.timeoutMs);
}

/**
 * The wait for the reply to PASS. Servers delay a wrong password's 530 on purpose (Debian's PAM waits
 * 2–3 s before vsftpd answers), so this wait is longer than the step timeout, within the deadline.
 */
export function passWait(ctx: ProbeContext): Wait {
  return ctx.deadline.clamp(ctx.timeoutMs + PASS_GRACE_MS);
}
