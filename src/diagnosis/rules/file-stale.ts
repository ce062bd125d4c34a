import { describeAge, describeClock, describeCoarse, quotedPath } from './wording/files.js';
import { expectedFiles } from '../facts/files.js';
import type { Rule } from './rule.js';

export const fileStale: Rule<'file-stale'> = {
  code: 'file-stale',
  title: 'An expected file is older than allowed',
  severity: 'warning',
  stage: 'login',
  explanation:
    'The file is there, but the server gives it a modification time further back than the check allows ' +
    "(--max-age, or maxAge in a module's expectFiles): whatever should renew it (a nightly export, an hourly " +
    "feed) has stopped, or writes somewhere else now. The age is measured by the server's clock where ftpcheck " +
    "could see how far it is from this machine's; otherwise the two clocks are taken to agree. Times come from " +
    'MLST or MDTM, which RFC 3659 defines in UTC; a server that answers in local time shifts the age by its ' +
    'time zone. From a LIST line (a server without MLST, MDTM and SIZE), the time is to the minute or the day ' +
    "and in the server's local time: the file counts as stale only when it is older than the limit by more " +
    'than that can account for.',
  likelyRule: 'Not a network rule: the job that writes the file has not run, has failed, or writes it elsewhere.',
  confirm: [
    "`curl -I ftp://HOST/PATH` shows the file's Last-Modified date as the server gives it.",
    "On the server: `ls -l --time-style=full-iso PATH`, `date -u`, and the producing job's log and schedule.",
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Restart or repair the job that renews the file; if its schedule changed on purpose, raise --max-age to the ' +
        'new interval plus a margin.',
    },
  ],
  match(o) {
    const { judged, clock } = expectedFiles(o);
    return judged.flatMap(({ check, ageMs, stale }) => {
      const { lookup, expected } = check;
      if (!stale || ageMs === undefined || lookup.kind !== 'file' || lookup.modifiedMs === undefined) return [];
      const limit = expected.maxAgeMs ?? 0;
      const source = lookup.method === 'MLST' ? 'MLST modify' : lookup.method === 'LIST' ? 'LIST' : 'MDTM';
      const coarse = lookup.coarse === undefined ? '' : `; ${describeCoarse(lookup.coarse)}`;
      return [
        {
          evidence:
            `${quotedPath(expected.path)} was last modified ${new Date(lookup.modifiedMs).toISOString()} (${source}), ` +
            `${describeAge(ageMs)} ago; the limit is ${describeAge(limit)}${coarse}; ${describeClock(clock)}.`,
        },
      ];
    });
  },
};
