// The finding cases of the data checks after a listing (index.ts takes them): what a stalled
// bulk sample or upload must give, what must not, and anonymous-writable. They vary what the rules
// must not depend on: the mode, the listing's format, the server's words, how many bytes came.
import { reply } from '../observations.js';
import { anonymousListing, SAMPLED, sampled, STALLED_AT_ONCE, unixListing, uploaded } from '../bulk-observations.js';
import type { Case, CodeCases } from './index.js';

export const BULK_STALLED_FIRES: Case[] = [
  {
    name: 'passive: the small listing arrives, the sample stalls at once',
    findings: ['data-transfer-stalled:error'],
    build: () => sampled(STALLED_AT_ONCE),
  },
  {
    name: 'active: the sample stalls after some bytes',
    findings: ['data-transfer-stalled:error'],
    build: () => sampled({ kind: 'stalled', ms: 2050, bytes: 14480, lastByteMs: 50, waitingFor: 'data' }, 'active'),
  },
  {
    name: 'the sample is cut by a 426 after some bytes',
    findings: ['data-transfer-stalled:error'],
    build: () =>
      sampled({ kind: 'rejected', ms: 30, reply: reply(426, 'Connection closed; transfer aborted.'), bytes: 65160 }),
  },
  {
    name: 'the control connection is reset during the sample',
    findings: ['data-transfer-stalled:error'],
    build: () => sampled({ kind: 'control-failed', ms: 12, bytes: 8000, result: { kind: 'reset', ms: 12 } }),
  },
  {
    name: 'the upload is never confirmed',
    findings: ['data-transfer-stalled:error'],
    build: () => uploaded({ kind: 'stalled', ms: 2000, bytes: 4096, lastByteMs: undefined, waitingFor: 'final-reply' }),
  },
];

export const BULK_STALLED_SILENT: Case[] = [
  { name: 'the sample arrives (cut at its size)', findings: [], build: () => sampled(SAMPLED) },
  {
    name: 'the sample file is refused by the server (not the network)',
    findings: [],
    build: () => sampled({ kind: 'rejected', ms: 3, reply: reply(550, 'Failed to open file.'), bytes: 0 }),
  },
  {
    name: "the sample's own data connection could not be made (a port of the range: pasv-data-filtered's)",
    findings: ['pasv-data-filtered:error'],
    build: () =>
      sampled({
        kind: 'no-connection',
        ms: 2000,
        failure: { step: 'connect', result: { kind: 'timeout', ms: 2000 } },
      }),
  },
  {
    name: 'the upload is refused by permissions (not the network)',
    findings: [],
    build: () => uploaded({ kind: 'rejected', ms: 3, reply: reply(553, 'Could not create file.'), bytes: 0 }),
  },
  {
    name: 'the upload works, and its delete is refused',
    findings: ['anonymous-writable:info'],
    build: () =>
      uploaded({ kind: 'done', ms: 5, bytes: 4096, cut: undefined, final: reply(226, 'Transfer complete.') }, [
        550,
        'Permission denied.',
      ]),
  },
  {
    name: "the run's deadline ended the sample",
    findings: ['deadline-reached:error'],
    build: () => {
      const o = sampled(STALLED_AT_ONCE);
      return { ...o, active: undefined, deadlineHit: { stage: 'passive', deadlineMs: 17000 } };
    },
  },
];

const WORLD_WRITABLE = 'drwxrwxrwx    2 ftp      ftp          4096 Jan 01 00:00 incoming';

export const ANONYMOUS_WRITABLE_CASES: CodeCases = {
  fires: [
    {
      name: 'anonymous, --audit: a drwxrwxrwx directory in the Unix listing',
      findings: ['anonymous-writable:warning', 'anonymous-allowed:info'],
      build: () => anonymousListing(unixListing(WORLD_WRITABLE), { audit: true }),
    },
    {
      name: 'anonymous as "ftp": a sticky world-writable directory',
      findings: ['anonymous-writable:info'],
      build: () =>
        anonymousListing(unixListing('drwxrwxrwt    2 0        0            4096 Jan 01 00:00 tmp'), { user: 'ftp' }),
    },
    {
      name: 'anonymous: MLSD lets it create files in a directory',
      findings: ['anonymous-writable:info'],
      build: () =>
        anonymousListing(unixListing('drwxr-xr-x    2 ftp      ftp          4096 Jan 01 00:00 upload'), {
          mlsd: 'type=cdir;perm=el; /\r\ntype=dir;perm=flcdmpe; upload\r\n',
        }),
    },
    {
      name: 'anonymous: EPLF with unix permissions 777',
      findings: ['anonymous-writable:info'],
      build: () => anonymousListing('+m824255902,/,up777,\tpub\r\n'),
    },
    {
      name: 'anonymous: --upload stored a file, whatever the listing shows',
      findings: ['anonymous-writable:info'],
      build: () => {
        const o = uploaded(
          { kind: 'done', ms: 5, bytes: 4096, cut: undefined, final: reply(226, 'Transfer complete.') },
          [250, 'Delete operation successful.'],
        );
        if (o.login?.kind === 'logged-in') o.login.user = 'anonymous';
        return o;
      },
    },
  ],
  silent: [
    {
      name: 'a named user sees a world-writable directory',
      findings: [],
      build: () => anonymousListing(unixListing(WORLD_WRITABLE), { user: 'alice', audit: true }),
    },
    {
      name: 'anonymous: only read-only directories, MLSD perm el',
      findings: ['anonymous-allowed:info'],
      build: () =>
        anonymousListing(unixListing('drwxr-xr-x    2 ftp      ftp          4096 Jan 01 00:00 pub'), {
          audit: true,
          mlsd: 'type=cdir;perm=el; /\r\ntype=dir;perm=el; pub\r\n',
        }),
    },
    {
      name: 'anonymous: a world-writable file is not a directory',
      findings: [],
      build: () => anonymousListing(unixListing('-rw-rw-rw-    1 ftp      ftp            10 Jan 01 00:00 notes.txt')),
    },
    {
      name: 'anonymous: the upload was refused',
      findings: [],
      build: () => {
        const o = uploaded({ kind: 'rejected', ms: 3, reply: reply(553, 'Could not create file.'), bytes: 0 });
        if (o.login?.kind === 'logged-in') o.login.user = 'anonymous';
        return o;
      },
    },
  ],
};
