// --audit's posture checks as the login stage line shows them. Pure.
import type { Observations } from '../model/observations.js';
import type { LoginEvidence } from '../model/stage-report.js';
import { describeReply, describeReplyResult } from './describe.js';

type LoggedIn = Extract<LoginEvidence, { outcome: 'logged-in' }>;

export function bounceEvidence(o: Observations): LoggedIn['bounce'] {
  const b = o.bounce;
  if (!b) return null;
  if (b.kind === 'not-run') return { outcome: 'not-run', command: null, detail: b.reason };
  const r = b.exchange.result;
  const outcome = r.kind !== 'reply' ? 'no-reply' : r.reply.code >= 200 && r.reply.code < 300 ? 'accepted' : 'refused';
  return { outcome, command: b.exchange.command, detail: describeReplyResult(r) };
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
  return { outcome: l.kind, command: 'USER anonymous', detail };
}
