// How many control sessions a check keeps open at once to one server (--max-sessions), and how a
// server that allows fewer is recognised. A session beyond the check's own is a convenience: when it
// cannot be opened, for whatever reason, its probe runs in line on the check's own session instead,
// so its failure is never an observation about the server or the path; the reason only lowers the
// budget for the rest of the check and is told in the transcript.
import { replyText } from '../protocol/reply.js';
import type { FailedSession } from './session.js';

export class SessionBudget {
  #limit: number;
  /** The check's own session counts from the start. */
  #open = 1;
  /** Why the server allows fewer sessions than asked for, once one was refused. */
  #limited: string | undefined;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  get limit(): number {
    return this.#limit;
  }

  get limited(): string | undefined {
    return this.#limited;
  }

  /** A slot for one more session, or false when the budget is spent. */
  take(): boolean {
    if (this.#open >= this.#limit) return false;
    this.#open++;
    return true;
  }

  release(): void {
    this.#open = Math.max(0, this.#open - 1);
  }

  /** An extra session was refused (its slot already released): no more than are open now from here on. */
  lower(reason: string): void {
    this.#limit = Math.max(1, this.#open);
    this.#limited ??= reason;
  }
}

// ProFTPD "530 Sorry, the maximum number of clients (1) from your host are already connected.",
// vsftpd "421 There are too many connections from your internet address.", Pure-FTPd "421 Too many
// connections (1) from this IP".
const LIMIT_TEXT = /\b(too many|maximum number|max(imum)? (clients|connections|sessions)|connection limit)\b/i;

/**
 * Why an extra session failed while the check's own one works, in words when it looks like a limit
 * on sessions per client: a refusal that says so, a reset or close right after accepting, or a
 * connection attempt that got no answer at all (a firewall dropping new connections per source).
 */
export function sessionLimitReason(failed: FailedSession): string | undefined {
  const { connect, greeting, login } = failed.observed;
  if (failed.at === 'connect' && connect && connect.kind !== 'connected')
    return connect.kind === 'timeout'
      ? 'a further connection got no answer while the first one worked'
      : `a further connection failed (${connect.kind}) while the first one worked`;
  if (failed.at === 'greeting' && greeting) {
    if (greeting.kind === 'rejected') return `a further session was refused: ${replyText(greeting.reply)}`;
    if (greeting.kind === 'reset' || greeting.kind === 'closed')
      return 'a further connection was closed right after it was accepted';
  }
  if (failed.at === 'login' && login?.kind === 'refused' && LIMIT_TEXT.test(replyText(login.reply)))
    return `a further session was refused: ${login.reply.code} ${replyText(login.reply)}`;
  return undefined;
}
