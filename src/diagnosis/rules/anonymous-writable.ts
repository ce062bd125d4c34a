import type { KeptListing } from '../../model/connections.js';
import type { Observations } from '../../model/observations.js';
import { type ListingEntry, parseListing, writableDirectories } from '../../protocol/listing.js';
import { ranActive, ranPassive } from '../facts/common.js';
import type { Rule } from './rule.js';

const isAnonymous = (user: string): boolean => user === 'anonymous' || user === 'ftp';

/** Every listing the anonymous login received, parsed: LIST in each mode, and MLSD where it ran. */
function listings(o: Observations): ListingEntry[] {
  const kept: { command: 'LIST' | 'MLSD'; listing: KeptListing | undefined }[] = [];
  for (const ran of [ranPassive(o), ranActive(o)]) {
    if (ran?.transfer?.kind === 'complete') kept.push({ command: 'LIST', listing: ran.transfer.listing });
    const mlsd = ran?.dataChecks?.mlsd?.transfer;
    if (mlsd?.kind === 'complete') kept.push({ command: 'MLSD', listing: mlsd.listing });
  }
  return kept.flatMap(({ command, listing }) => (listing ? parseListing(listing.text, command, listing.cut) : []));
}

/** `incoming (drwxrwxrwx)`, `upload (MLSD perm=cdeflmp)`, `the login directory itself (…)`. */
function describeEntry(e: ListingEntry): string {
  const name = e.self ? 'the login directory itself' : e.name;
  const why = e.perm !== undefined && /[cmw]/i.test(e.perm) ? `MLSD perm=${e.perm}` : `d${e.mode ?? ''}`;
  return `${name} (${why})`;
}

/** The uploads that the anonymous login stored (--upload), by mode. */
function storedUploads(o: Observations): string[] {
  const out: string[] = [];
  for (const [mode, ran] of [
    ['passive', ranPassive(o)],
    ['active', ranActive(o)],
  ] as const) {
    const upload = ran?.dataChecks?.upload;
    if (upload?.kind !== 'ran' || upload.transfer.kind !== 'done') continue;
    const removed = upload.remove?.result;
    const deleted = removed?.kind === 'reply' && removed.reply.code < 300;
    out.push(`${upload.path} (${mode} mode, ${deleted ? 'deleted again' : 'not deleted: DELE was refused'})`);
  }
  return out;
}

export const anonymousWritable: Rule<'anonymous-writable'> = {
  code: 'anonymous-writable',
  title: 'The anonymous login can see a writable directory',
  severity: 'warning',
  stage: 'login',
  explanation:
    'The server allows anonymous logins, and what they list includes a directory that everyone may write to: ' +
    'world-writable permission bits in the listing (`drwxrwxrwx`), or MLSD permission facts that let this login ' +
    'create files (c), make directories (m) or write (w). A server where anyone can upload ends up as a drop site ' +
    'for pirated or malicious files, fills its disk, and is an FTP bounce relay waiting to happen. The listing ' +
    "shows permissions on the server's disk; whether anonymous uploads really work also depends on the server's " +
    'settings: ftpcheck never writes unless asked with --upload, and says so here when an upload was stored. ' +
    'A posture finding: a warning with --audit, information otherwise.',
  likelyRule:
    'Not a network rule: the server allows anonymous uploads (or shows a 0777 directory in the anonymous tree). ' +
    'Intended only for a deliberate upload drop box, which should then be write-only.',
  confirm: [
    'Upload as anonymous and delete again: `ftpcheck HOST --upload` (uses the writable directory it found).',
    '`curl -T /etc/hostname ftp://HOST/DIRECTORY/` stores a file when anonymous uploads work.',
    'On the server: `ls -ld DIRECTORY` in the anonymous root, and the anonymous upload settings below.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Remove write access for everyone unless an upload drop box is intended: `chmod o-w DIRECTORY`. ' +
        'For a drop box, make it write-only (mode 0733, owned by root) so uploads cannot be listed or downloaded ' +
        'again, and limit its size with a quota or a separate file system.',
    },
  ],
  serverSettings: () => ({
    vsftpd:
      'anon_upload_enable=NO and anon_mkdir_write_enable=NO in vsftpd.conf (uploads also need write_enable=YES); ' +
      'for a drop box, anon_umask=077 and chown_uploads=YES',
    proftpd: 'in <Anonymous ~ftp>: <Directory *> <Limit WRITE> DenyAll </Limit> </Directory>',
    'pure-ftpd': 'AnonymousCantUpload yes (option -i)',
    filezilla: 'Users → the anonymous user → its mount points: access "Read only"',
    iis: 'FTP Authorization Rules: anonymous users get "Read" only, no "Write"',
    'ftp-srv': "blacklist STOR, APPE, STOU, MKD and DELE for anonymous logins (the 'login' handler's options)",
  }),
  match(o) {
    if (o.login?.kind !== 'logged-in' || !isAnonymous(o.login.user)) return [];
    const severity = o.posture.audit ? 'warning' : 'info';
    const seen = new Map<string, ListingEntry>();
    for (const e of writableDirectories(listings(o))) if (!seen.has(e.name)) seen.set(e.name, e);
    const stored = storedUploads(o);
    if (seen.size === 0 && stored.length === 0) return [];
    const parts: string[] = [];
    if (seen.size > 0)
      parts.push(
        `The anonymous login's listing shows ${seen.size === 1 ? 'a directory' : 'directories'} writable by it or by everyone: ` +
          `${[...seen.values()].slice(0, 5).map(describeEntry).join(', ')}${seen.size > 5 ? ` and ${seen.size - 5} more` : ''}.`,
      );
    if (stored.length > 0) parts.push(`As anonymous, --upload stored ${stored.join(' and ')}.`);
    return [{ evidence: parts.join(' '), severity }];
  },
};
