// The listing parser: lines in each format servers send, as tables; the choice of the bulk sample and
// the directories a listing shows as writable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseSample,
  type ListingEntry,
  modeFromOctal,
  parseListing,
  parseListLine,
  parseMlsdLine,
  writableDirectories,
} from '../../src/protocol/listing.js';

type Expected = Pick<ListingEntry, 'name' | 'type' | 'size'> & Partial<Pick<ListingEntry, 'mode' | 'perm' | 'self'>>;

/** Checks the fields a case names; the others are whatever the format gives. */
function check(entry: ListingEntry | undefined, expected: Expected | undefined): void {
  if (expected === undefined) return assert.equal(entry, undefined);
  assert.ok(entry, 'the line was not recognised');
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, entry[k as keyof ListingEntry]]));
  assert.deepEqual(picked, expected);
}

describe('LIST lines', () => {
  const cases: [string, string, Expected | undefined][] = [
    [
      'vsftpd, recent file',
      '-rw-r--r--    1 0        0          262144 Jan 31 09:15 big.bin',
      { name: 'big.bin', type: 'file', size: 262144, mode: 'rw-r--r--' },
    ],
    [
      'vsftpd, file of an earlier year',
      '-rw-r--r--    1 ftp      ftp         70000 Dec  1  2023 sample.dat',
      { name: 'sample.dat', type: 'file', size: 70000 },
    ],
    [
      'world-writable directory',
      'drwxrwxrwx    2 ftp      ftp          4096 Jan 01 00:00 incoming',
      { name: 'incoming', type: 'dir', size: 4096, mode: 'rwxrwxrwx' },
    ],
    [
      'sticky world-writable directory',
      'drwxrwxrwt    2 0        0            4096 Jan 01 00:00 tmp',
      { name: 'tmp', type: 'dir', size: 4096, mode: 'rwxrwxrwt' },
    ],
    [
      'ProFTPD, name with spaces',
      '-rw-r--r--   1 ftp      ftp        131072 Mar  5 14:02 my file  v2.iso',
      { name: 'my file  v2.iso', type: 'file', size: 131072 },
    ],
    [
      'ACL marker after the mode',
      '-rw-r--r--+  1 alice    staff      100000 Feb  2 10:00 acl.bin',
      { name: 'acl.bin', type: 'file', size: 100000, mode: 'rw-r--r--' },
    ],
    [
      'no group column (some appliances)',
      '-rw-r--r--   1 ftp     99999 Feb  2 10:00 nogroup.bin',
      { name: 'nogroup.bin', type: 'file', size: 99999 },
    ],
    [
      'owner name ending in digits',
      '-rw-r--r--   1 user1    group2      65536 Feb  2 10:00 digits.bin',
      { name: 'digits.bin', type: 'file', size: 65536 },
    ],
    [
      'FileZilla Server, numeric owner',
      '-rw-r--r-- 1 ftp ftp 123456789 Jan 01  2020 huge.iso',
      { name: 'huge.iso', type: 'file', size: 123456789 },
    ],
    [
      'symbolic link',
      'lrwxrwxrwx    1 0        0               7 Jan 01 00:00 latest -> big.bin',
      { name: 'latest', type: 'link', size: 7 },
    ],
    [
      'long-iso dates',
      '-rw-r--r-- 1 ftp ftp 80000 2024-01-31 09:15 iso.bin',
      { name: 'iso.bin', type: 'file', size: 80000 },
    ],
    [
      'device file: major, minor instead of a size',
      'crw-rw-rw-    1 0        0          1,   3 Jan 01 00:00 null',
      { name: 'null', type: 'other', size: undefined },
    ],
    ['the total line', 'total 12', undefined],
    [
      'IIS directory',
      '01-31-24  09:15PM       <DIR>          pub',
      { name: 'pub', type: 'dir', size: undefined, mode: undefined },
    ],
    [
      'IIS file, name with spaces',
      '01-31-24  09:15AM               262144 Big File.bin',
      { name: 'Big File.bin', type: 'file', size: 262144 },
    ],
    [
      'IIS with four-digit years and 24-hour times',
      '01-31-2024  21:15               70000 late.bin',
      { name: 'late.bin', type: 'file', size: 70000 },
    ],
    [
      'EPLF file',
      '+i8388621.44468,m839956783,r,s10376,\tRFCEPLF',
      { name: 'RFCEPLF', type: 'file', size: 10376, mode: undefined },
    ],
    ['EPLF directory', '+i8388621.29609,m824255902,/,\tdev', { name: 'dev', type: 'dir', size: undefined }],
    [
      'EPLF directory with unix permissions',
      '+m824255902,/,up777,\tpub',
      { name: 'pub', type: 'dir', size: undefined, mode: 'rwxrwxrwx' },
    ],
    ['not a listing line', '550 Permission denied.', undefined],
    ['an empty line', '', undefined],
  ];
  for (const [name, line, expected] of cases) it(name, () => check(parseListLine(line), expected));
});

describe('LIST dates', () => {
  const at = (line: string): ListingEntry['time'] => parseListLine(line)?.time;
  it('a recent Unix line: to the minute, no year', () =>
    assert.deepEqual(at('-rw-r--r--    1 0        0      5 Dec  7 02:46 daily report é.csv'), {
      year: undefined,
      month: 12,
      day: 7,
      hour: 2,
      minute: 46,
      precision: 'minute',
    }));
  it('an older Unix line: to the day, with its year', () =>
    assert.deepEqual(at('-rw-r--r--    1 ftp      ftp          4096 Jan 31  2024 old feed.csv'), {
      year: 2024,
      month: 1,
      day: 31,
      hour: 0,
      minute: 0,
      precision: 'day',
    }));
  it('ls --time-style=long-iso, and a month name in any case', () => {
    assert.deepEqual(at('-rw-r--r-- 1 a b 5 2024-01-31 21:15 x')?.hour, 21);
    assert.equal(at('-rw-r--r-- 1 a b 5 JAN 31 09:15 x')?.month, 1);
  });
  it('DOS lines: 12-hour and 24-hour times, two- and four-digit years', () => {
    assert.deepEqual(at('01-31-24  09:15PM                   51 readme.txt'), {
      year: 2024,
      month: 1,
      day: 31,
      hour: 21,
      minute: 15,
      precision: 'minute',
    });
    assert.equal(at('01-31-24  12:05AM       <DIR>          pub')?.hour, 0);
    assert.equal(at('12-31-99  12:05PM                   1 y2k')?.year, 1999);
    assert.equal(at('01-31-2024  21:15               70000 late.bin')?.hour, 21);
  });
  it('no time from a date out of range; the entry is still read', () => {
    const entry = parseListLine('-rw-r--r--    1 0        0      5 Foo 31 09:15 odd');
    assert.equal(entry?.name, 'odd');
    assert.equal(entry.time, undefined);
    assert.equal(at('13-31-24  09:15AM                   51 readme.txt'), undefined);
  });
});

describe('MLSD lines', () => {
  const cases: [string, string, Expected | undefined][] = [
    [
      'a file',
      'type=file;size=262144;modify=20240131091500;perm=adfrw; big.bin',
      { name: 'big.bin', type: 'file', size: 262144, perm: 'adfrw', self: false },
    ],
    [
      'facts in capitals, unix.mode (ProFTPD, Pure-FTPd)',
      'Type=dir;Modify=20240101000000;Perm=flcdmpe;UNIX.mode=0777; incoming',
      { name: 'incoming', type: 'dir', size: undefined, perm: 'flcdmpe', mode: 'rwxrwxrwx' },
    ],
    [
      'the listed directory itself',
      'type=cdir;perm=el;unique=801U1; /',
      { name: '/', type: 'dir', size: undefined, perm: 'el', self: true },
    ],
    [
      'a name that begins with a space',
      'type=file;size=70000;  spaced.bin',
      { name: ' spaced.bin', type: 'file', size: 70000 },
    ],
    [
      'a symbolic link (OS.unix type)',
      'type=OS.unix=slink:/pub/big.bin;size=12; latest',
      { name: 'latest', type: 'link', size: 12 },
    ],
    ['no facts', 'big.bin', undefined],
  ];
  for (const [name, line, expected] of cases) it(name, () => check(parseMlsdLine(line), expected));
});

describe('parseListing', () => {
  it('drops the parent directory and the cut last line', () => {
    const text =
      'type=cdir;perm=el; .\r\ntype=pdir;perm=el; ..\r\ntype=file;size=70000; a.bin\r\ntype=file;size=900000; b.b';
    assert.deepEqual(
      parseListing(text, 'MLSD', true).map((e) => e.name),
      ['.', 'a.bin'],
    );
    assert.deepEqual(
      parseListing(text, 'MLSD', false).map((e) => e.name),
      ['.', 'a.bin', 'b.b'],
    );
  });
  it('reads a Unix listing with its total line and a .. entry', () => {
    const text = [
      'total 8',
      'drwxr-xr-x    2 0        0            4096 Jan 01 00:00 .',
      'drwxr-xr-x    2 0        0            4096 Jan 01 00:00 ..',
      '-rw-r--r--    1 0        0          262144 Jan 31 09:15 big.bin',
      '',
    ].join('\r\n');
    assert.deepEqual(
      parseListing(text, 'LIST', false).map((e) => [e.name, e.self]),
      [
        ['.', true],
        ['big.bin', false],
      ],
    );
  });
});

describe('chooseSample', () => {
  const entries = parseListing(
    [
      '-rw-r--r-- 1 ftp ftp 65535 Jan 01 00:00 just-too-small.bin',
      '-rw-r--r-- 1 ftp ftp 9000000 Jan 01 00:00 large.iso',
      '-rw-r--r-- 1 ftp ftp 70000 Jan 01 00:00 b.bin',
      '-rw-r--r-- 1 ftp ftp 70000 Jan 01 00:00 a.bin',
      'drwxr-xr-x 2 ftp ftp 999999 Jan 01 00:00 bigdir',
      'lrwxrwxrwx 1 ftp ftp 999999 Jan 01 00:00 link -> large.iso',
    ].join('\n'),
    'LIST',
    false,
  );
  it('takes the smallest regular file of at least 64 KiB, by name among equals', () =>
    assert.equal(chooseSample(entries)?.name, 'a.bin'));
  it('finds none when no file is large enough', () => assert.equal(chooseSample(entries.slice(0, 1)), undefined));
  it('never picks a name it could not send as it is', () => {
    const odd = parseListing('-rw-r--r-- 1 ftp ftp 70000 Jan 01 00:00 bad\ufffdname.bin', 'LIST', false);
    assert.equal(chooseSample(odd), undefined);
  });
});

describe('writableDirectories', () => {
  const names = (text: string, command: 'LIST' | 'MLSD'): string[] =>
    writableDirectories(parseListing(text, command, false)).map((e) => e.name);
  it('finds world-writable directories in a Unix listing, and only those', () =>
    assert.deepEqual(
      names(
        [
          'drwxrwxrwx 2 ftp ftp 4096 Jan 01 00:00 incoming',
          'drwxrwxr-x 2 ftp ftp 4096 Jan 01 00:00 group-only',
          'drwxr-xr-x 2 ftp ftp 4096 Jan 01 00:00 pub',
          '-rw-rw-rw- 1 ftp ftp 10 Jan 01 00:00 writable-file.txt',
          'drwxrwxrwt 2 ftp ftp 4096 Jan 01 00:00 tmp',
        ].join('\n'),
        'LIST',
      ),
      ['incoming', 'tmp'],
    ));
  it('reads MLSD perm facts: c, m or w on a directory, the listed one included', () =>
    assert.deepEqual(
      names(
        [
          'type=cdir;perm=cdeflmp; .',
          'type=dir;perm=el; pub',
          'type=dir;perm=elc; upload',
          'type=file;size=1;perm=rw; notes.txt',
        ].join('\n'),
        'MLSD',
      ),
      ['.', 'upload'],
    ));
  it('modeFromOctal', () => {
    assert.equal(modeFromOctal('0755'), 'rwxr-xr-x');
    assert.equal(modeFromOctal('777'), 'rwxrwxrwx');
    assert.equal(modeFromOctal('1777'), 'rwxrwxrwx');
    assert.equal(modeFromOctal('rwx'), undefined);
  });
});
