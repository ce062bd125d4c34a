// PASV and EPSV compared, from the passive stage's attempts of each (facts for the rules, the client
// verdicts and the stage line). Pure.
import { type Observations } from '../../model/observations.js';
import { ownAttemptCounts, type PassiveAttempt } from '../../model/passive.js';
import { cutByDeadline, ranPassive, transferWorked } from './common.js';

export type PassiveCommand = 'PASV' | 'EPSV';

/** The passive stage's data connections: its own (the command it used), then those tested apart. */
export function passiveAttempts(o: Observations): PassiveAttempt[] {
  const p = ranPassive(o);
  if (!p) return [];
  const own: PassiveAttempt[] = p.used
    ? [{ request: p.used, dataTarget: p.dataTarget, data: p.data, dataTls: p.dataTls, transfer: p.transfer }]
    : [];
  return [...own, ...(p.apart ?? [])];
}

export const connectFailed = (a: PassiveAttempt): boolean => a.data !== undefined && a.data.kind !== 'connected';

/** One command's data connections worked and the other's failed to connect every time, at least twice. */
export interface CommandsDiffer {
  works: PassiveCommand;
  fails: PassiveCommand;
  worked: PassiveAttempt;
  failed: PassiveAttempt[];
}

/** A sweep that found part of the range open and part blocked explains failures that follow the port. */
export function rangePartlyBlocked(o: Observations): boolean {
  const s = o.sweep;
  if (s?.kind !== 'ran') return false;
  return (
    s.classes.some((c) => c === 'reachable' || c === 'closed') &&
    s.classes.some((c) => c === 'filtered' || c === 'unreachable')
  );
}

export function commandsDiffer(o: Observations): CommandsDiffer | undefined {
  const p = ranPassive(o);
  if (!p?.apart || cutByDeadline(o, 'passive') || rangePartlyBlocked(o)) return undefined;
  // The stage's own connection is left out when its port was EPSV's (it proves nothing of PASV).
  const attempts = ownAttemptCounts(p) ? passiveAttempts(o) : p.apart;
  const of = (command: PassiveCommand): PassiveAttempt[] => attempts.filter((a) => a.request.command === command);
  for (const [works, fails] of [
    ['PASV', 'EPSV'],
    ['EPSV', 'PASV'],
  ] as const) {
    const worked = of(works).find((a) => transferWorked(a.transfer));
    const failed = of(fails);
    if (worked && failed.length >= 2 && failed.every(connectFailed)) return { works, fails, worked, failed };
  }
  return undefined;
}
