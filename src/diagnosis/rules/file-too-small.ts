import { describeBytes } from './wording/data-checks.js';
import { expectedFiles } from '../facts/files.js';
import { quotedPath } from './wording/files.js';
import type { Rule } from './rule.js';

export const fileTooSmall: Rule<'file-too-small'> = {
  code: 'file-too-small',
  title: 'An expected file is smaller than allowed',
  severity: 'warning',
  stage: 'login',
  explanation:
    "The file is there, but smaller than the check allows (--min-size, or minSize in a module's expectFiles): " +
    'an export that wrote only its header, a transfer or job cut short, a disk that filled up, or an error page ' +
    'saved under the expected name. The size is the one the server gives (MLST size, or SIZE), which for a ' +
    'text file in ASCII mode may differ slightly from what a download delivers.',
  likelyRule: 'Not a network rule: the job that writes the file produced less than usual, or is still writing it.',
  confirm: [
    '`curl -I ftp://HOST/PATH` shows the Content-Length the server gives; download it and look inside.',
    "On the server: `ls -l PATH`, `df -h` on its file system, and the producing job's log.",
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Find out why the job wrote less (its log, the disk, its input); if the file is written in place, have the ' +
        'job write to a temporary name and rename it when done, so that nobody sees it half-written.',
    },
  ],
  match(o) {
    return expectedFiles(o).judged.flatMap(({ check, tooSmall }) => {
      const { lookup, expected } = check;
      if (!tooSmall || lookup.kind !== 'file' || lookup.size === undefined) return [];
      const source = lookup.method === 'MLST' ? 'MLST size' : lookup.method === 'LIST' ? 'LIST' : 'SIZE';
      return [
        {
          evidence:
            `${quotedPath(expected.path)} has ${describeBytes(lookup.size)} (${source}); ` +
            `the minimum is ${describeBytes(expected.minBytes ?? 0)}.`,
        },
      ];
    });
  },
};
