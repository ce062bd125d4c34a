// --audit's posture checks as the login stage line shows them. Pure.
import type { Observations } from '../../model/observations.js';
import type { LoginEvidence } from '../../model/stage-report.js';
import { describeReply, describeReplyResult } from '../rules/wording/replies.js';

type LoggedIn = Extract<LoginEvidence, { outcome: 'logged-in' }>;

export function bounceEvidence(o: Observations): LoggedIn['bounce'] {
  const b = o.bounce;
  if (!b) return null;
  if (b.kind === 'not-run') return { outcome: 'not-run', command: null, detail: b.reason };
  const r = b.exchange.result;
  const outcome = r.kind !== 'reply' ? 'no-reply' : r.reply.code >= 200 && r.reply.code < 300 ? 'accepted' : 'refused';
  const retried = b.retriedAfter ? ` (asked again on a fresh session: at the first, ${b.retriedAfter})` : '';
  return { outcome, command: b.exchange.command, detail: `${describeReplyResult(r)}${retried}` };
}

export function anonymousLoginEvidence(o: Observations): LoggedIn['anonymousLogin'] {
  const a = o.anonymousLogin;
  if (!a) return null;
  if (a.kind === 'not-run') return { outcome: 'not-run', command: null, detail: a.reason };
  const l = a.login;
  const detail =
    l.kind === 'logged-in'
      ? 'logged in'
      : l.kind === 'refused'
        ? `${l.command} refused: ${describeReply(l.reply)}`
        : `no reply to ${l.command}: ${describeReplyResult(l.result)}`;
  const retried = a.retriedAfter ? ` (tried again on a fresh session: at the first, ${a.retriedAfter})` : '';
  return { outcome: l.kind, command: 'USER anonymous', detail: `${detail}${retried}` };
}

/** For the login stage's summary: the --audit questions that could not be answered, and why. */
export function auditNotTested(o: Observations): string {
  const parts = [
    o.bounce?.kind === 'not-run' ? `bounce check ${o.bounce.reason}` : undefined,
    o.anonymousLogin?.kind === 'not-run' ? `anonymous login check ${o.anonymousLogin.reason}` : undefined,
    o.modCopy?.kind === 'not-run' ? `SITE CPFR check ${o.modCopy.reason}` : undefined,
    o.clearData?.kind === 'not-run' ? `PROT C check ${o.clearData.reason}` : undefined,
  ];
  return parts
    .filter((p) => p !== undefined)
    .map((p) => `; ${p}`)
    .join('');
}
