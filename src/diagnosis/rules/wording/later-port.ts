// A passive data port that failed after another one worked: the listing's data connection opened, and
// the sample download's or the upload's, to another port the server named, did not. For the passive data
// rules (pasv-data-filtered, pasv-data-refused). Pure.
import type { ConnectResult } from '../../../model/connections.js';
import type { Observations } from '../../../model/observations.js';
import { commandsDiffer, rangePartlyBlocked } from '../../facts/apart.js';
import { laterDataPortFailed } from '../../facts/data-checks.js';
import { describeConnect } from './connections.js';
import { formatEndpoint } from '../../../protocol/address.js';
import { cutByDeadline, ranPassive } from '../../facts/common.js';

/** The likely rule when one passive port got through and another did not. */
export const PART_OF_RANGE =
  'Only part of the server’s passive port range gets through: the firewall or the port forward opens ' +
  'fewer ports than the server hands out (each transfer gets another port), or another host answers some of them.';

/**
 * The evidence when a later passive port ended as one of `kinds`. Not when PASV and EPSV differ or a
 * sweep already showed the range partly blocked (their findings say it better), nor after the deadline.
 */
export function laterPortFailure(o: Observations, kinds: readonly ConnectResult['kind'][]): string | undefined {
  const p = ranPassive(o);
  const later = laterDataPortFailed(p);
  if (!p?.dataTarget || !later || !kinds.includes(later.failure.result.kind)) return undefined;
  if (commandsDiffer(o) || rangePartlyBlocked(o) || cutByDeadline(o, 'passive')) return undefined;
  return (
    `The listing's data connection to ${formatEndpoint(p.dataTarget)} worked, but ${later.what}'s, ` +
    `to another port the server named: ${describeConnect(later.failure.result)}.`
  );
}
