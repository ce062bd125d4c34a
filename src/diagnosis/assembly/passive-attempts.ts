// The passive stage line's PASV and EPSV attempts tested apart: their evidence and the summary's words.
// Pure.
import type { Observations } from '../../model/observations.js';
import type { PassiveAttemptEvidence } from '../../model/stage-report.js';
import { passiveAttempts } from '../facts/apart.js';
import { ranPassive, transferWorked } from '../facts/common.js';
import { describeAttempt } from '../rules/wording/connections.js';
import { describeReplyResult } from '../rules/wording/replies.js';

/** The attempts tested apart, as the passive stage line shows them; null when they were not tested apart. */
export function apartEvidence(o: Observations): PassiveAttemptEvidence[] | null {
  const apart = ranPassive(o)?.apart;
  if (!apart) return null;
  return apart.map((a) => ({
    command: a.request.command,
    reply: describeReplyResult(a.request.exchange.result),
    advertised: a.request.advertised ?? null,
    dataTarget: a.dataTarget ?? null,
    data: a.data?.kind ?? null,
    transfer: a.transfer?.kind ?? null,
    bytes: a.transfer && 'bytes' in a.transfer ? a.transfer.bytes : null,
  }));
}

/** For the stage's summary: the attempts tested apart that ended otherwise than the stage's own. */
export function apartSummary(o: Observations): string {
  const [own, ...apart] = passiveAttempts(o);
  if (!own || apart.length === 0) return '';
  const ownWorked = transferWorked(own.transfer);
  const different = apart.filter((a) => transferWorked(a.transfer) !== ownWorked);
  return different.map((a) => `; ${describeAttempt(a)}`).join('');
}
