import { describeFileLookup, quotedPath } from './wording/files.js';
import { expectedFiles } from '../facts/files.js';
import type { Rule } from './rule.js';

export const fileMissing: Rule<'file-missing'> = {
  code: 'file-missing',
  title: 'An expected file is not on the server',
  severity: 'error',
  stage: 'login',
  explanation:
    "The check was asked to find a file (--expect-file, or a module's expectFiles), and the server says there is " +
    'no such file: it refused every question about the path (MLST, or MDTM and SIZE, and CWD), the listing of ' +
    'its directory has no entry of its name (LIST, on a server without MLST, MDTM and SIZE), or the path is a ' +
    'directory. A job that should deliver the file (an export, a backup, a feed) has not run, has failed, wrote ' +
    'it elsewhere or under another name, or the logged-in user cannot see it. The check fails: what is being ' +
    'monitored is absent.',
  likelyRule:
    'Not a network rule: the file is missing, named differently (case, date in the name), in another directory, ' +
    "or outside what this user may see (a chroot, a virtual path, the server's permissions).",
  confirm: [
    '`curl -I ftp://HOST/PATH` asks for the size and date of the file; `curl ftp://HOST/DIRECTORY/` lists the directory.',
    'On the server: `ls -l PATH` in the FTP root as the user sees it, and the log of the job that writes the file.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Find out why the producing job did not write the file (its log, its schedule, the disk), or correct the ' +
        'expected path: absolute from the FTP root, or relative to the login directory.',
    },
    {
      role: 'user',
      text: 'Check the path as the FTP user sees it (a chroot shows the home directory as /), including case and spaces.',
    },
  ],
  match(o) {
    return expectedFiles(o).judged.flatMap(({ check, present }) => {
      if (present !== false) return [];
      const path = quotedPath(check.expected.path);
      const { lookup } = check;
      const shown = { MLST: 'MLST type=dir', 'MDTM+SIZE': 'CWD into it worked', LIST: 'LIST shows it as a directory' };
      const why =
        lookup.kind === 'directory'
          ? `${path} is a directory, not a file (${shown[lookup.method]})`
          : lookup.kind === 'missing' && lookup.method === 'LIST'
            ? `${path} is not on the server (LIST of its directory does not show it)`
            : `${path} is not on the server`;
      return [{ evidence: `${why}: ${describeFileLookup(check.lookup)}.` }];
    });
  },
};
