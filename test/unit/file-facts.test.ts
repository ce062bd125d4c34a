// The replies that describe a file (MLST, MDTM, SIZE, PWD) and the --max-age / --min-size syntax, as tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reply } from '../../src/model/exchanges.js';
import {
  listedTimeMs,
  parseMdtmReply,
  parseMlstReply,
  parsePwdReply,
  parseSizeReply,
  parseTimeVal,
} from '../../src/protocol/file-facts.js';
import { fileExpectations, parseBytes, parseDurationMs } from '../../src/settings/amounts.js';
import { UsageError } from '../../src/settings/usage-error.js';

const reply = (code: number, ...lines: string[]): Reply => ({ code, lines });

describe('MLST, MDTM, SIZE and PWD replies', () => {
  it('reads time-vals in UTC, with or without milliseconds, and refuses what is not one', () => {
    const cases: [string, number | undefined][] = [
      ['20261207021500', Date.UTC(2026, 11, 7, 2, 15, 0)],
      ['20261207021500.5', Date.UTC(2026, 11, 7, 2, 15, 0, 500)],
      ['20261207021500.123', Date.UTC(2026, 11, 7, 2, 15, 0, 123)],
      ['20260231000000', undefined], // 31 February
      ['2026120702150', undefined],
      ['20261307021500', undefined],
      ['Mon Dec  7 02:15:00 2026', undefined],
      ['', undefined],
    ];
    for (const [text, expected] of cases) assert.equal(parseTimeVal(text), expected, text);
  });

  it('reads the facts line of MLST (RFC 3659 §7.2), whatever the case of the facts', () => {
    const file = reply(250, 'Listing /pub/a b.csv', ' Type=file;Size=10240;Modify=20261207021500; /pub/a b.csv', 'End');
    assert.deepEqual(parseMlstReply(file), { type: 'file', size: 10240, modifiedMs: Date.UTC(2026, 11, 7, 2, 15) });
    assert.deepEqual(parseMlstReply(reply(250, 'x', ' type=dir;modify=20261207021500; /pub', 'End'))?.type, 'dir');
    assert.deepEqual(parseMlstReply(reply(250, 'x', ' type=cdir; /pub', 'End'))?.type, 'dir');
    assert.deepEqual(parseMlstReply(reply(250, 'x', ' type=file; f', 'End')), {
      type: 'file',
      size: undefined,
      modifiedMs: undefined,
    });
    // Not facts: no leading space, a 550, an absurd size, no facts at all.
    assert.equal(parseMlstReply(reply(250, 'x', 'type=file;size=1; f', 'End')), undefined);
    assert.equal(parseMlstReply(reply(550, 'No such file')), undefined);
    assert.equal(parseMlstReply(reply(250, 'ok')), undefined);
    assert.equal(parseMlstReply(reply(250, 'x', ' type=file;size=99999999999999999999; f', 'End'))?.size, undefined);
  });

  it('reads MDTM and SIZE only from a 213', () => {
    assert.equal(parseMdtmReply(reply(213, '20261207021500')), Date.UTC(2026, 11, 7, 2, 15));
    assert.equal(parseMdtmReply(reply(213, '20261207021500.114')), Date.UTC(2026, 11, 7, 2, 15, 0, 114));
    assert.equal(parseMdtmReply(reply(550, '20261207021500')), undefined);
    assert.equal(parseMdtmReply(reply(213, 'yesterday')), undefined);
    assert.equal(parseSizeReply(reply(213, '1048576')), 1048576);
    assert.equal(parseSizeReply(reply(213, '-1')), undefined);
    assert.equal(parseSizeReply(reply(213, '12 bytes')), undefined);
    assert.equal(parseSizeReply(reply(550, '12')), undefined);
  });

  it('reads the directory PWD names, with doubled quotes inside', () => {
    assert.equal(parsePwdReply(reply(257, '"/" is the current directory')), '/');
    assert.equal(parsePwdReply(reply(257, '"/pub/my ""dir""" is current')), '/pub/my "dir"');
    assert.equal(parsePwdReply(reply(257, '"/tmp/é ü"')), '/tmp/é ü');
    assert.equal(parsePwdReply(reply(257, '/no/quotes')), undefined);
    // Sent back in a CWD: nothing a command cannot carry.
    assert.equal(parsePwdReply(reply(257, '"/a\0b"')), undefined);
    assert.equal(parsePwdReply(reply(257, '"/a\x1b[31mb"')), undefined);
    assert.equal(parsePwdReply(reply(257, '""')), undefined);
    assert.equal(parsePwdReply(reply(550, '"/"')), undefined);
  });
});

describe('LIST times in ms', () => {
  const now = Date.UTC(2026, 11, 7, 3, 0);
  const recent = (month: number, day: number, hour = 9) =>
    ({ year: undefined, month, day, hour, minute: 15, precision: 'minute' }) as const;
  it('a recent line without a year: this year, unless that is more than a day ahead', () => {
    assert.equal(listedTimeMs(recent(12, 7, 2), now), Date.UTC(2026, 11, 7, 2, 15));
    // Later today by the clock, as a server east of UTC writes it: still this year.
    assert.equal(listedTimeMs(recent(12, 7, 14), now), Date.UTC(2026, 11, 7, 14, 15));
    assert.equal(listedTimeMs(recent(12, 9), now), Date.UTC(2025, 11, 9, 9, 15));
    assert.equal(listedTimeMs(recent(6, 30), now), Date.UTC(2026, 5, 30, 9, 15));
  });
  it('in January, a December line is last year', () =>
    assert.equal(listedTimeMs(recent(12, 30), Date.UTC(2027, 0, 2)), Date.UTC(2026, 11, 30, 9, 15)));
  it('a line with a year is that day; a day that the month has not is none', () => {
    const day = { year: 2024, month: 1, day: 31, hour: 0, minute: 0, precision: 'day' } as const;
    assert.equal(listedTimeMs(day, now), Date.UTC(2024, 0, 31));
    assert.equal(listedTimeMs({ ...day, month: 2, day: 30 }, now), undefined);
  });
});

describe('--max-age and --min-size', () => {
  it('takes durations such as 90m, 26h, 7d, and seconds', () => {
    const cases: [string | number, number][] = [
      ['90m', 90 * 60_000],
      ['26h', 26 * 3_600_000],
      ['7d', 7 * 86_400_000],
      ['2w', 14 * 86_400_000],
      ['45s', 45_000],
      ['600', 600_000],
      ['1.5h', 5_400_000],
      [3600, 3_600_000],
    ];
    for (const [text, ms] of cases) assert.equal(parseDurationMs(text), ms, String(text));
    for (const bad of ['', '0', '-5m', '5x', 'h', '1 day', '99999d', 0, Number.NaN])
      assert.throws(() => parseDurationMs(bad), UsageError, String(bad));
  });

  it('takes sizes such as 512, 10k, 2M (powers of 1024)', () => {
    const cases: [string | number, number][] = [
      ['512', 512],
      ['10k', 10_240],
      ['10K', 10_240],
      ['2M', 2 * 1024 * 1024],
      ['1G', 1024 ** 3],
      ['1.5k', 1536],
      [100, 100],
    ];
    for (const [text, bytes] of cases) assert.equal(parseBytes(text), bytes, String(text));
    for (const bad of ['', '0', '10q', 'k', '-1', '2T', 0])
      assert.throws(() => parseBytes(bad), UsageError, String(bad));
  });

  it('refuses paths that cannot be sent in a command', () => {
    assert.deepEqual(fileExpectations([{ path: 'a b/é.csv', maxAge: '26h', minSize: '10k' }]), [
      { path: 'a b/é.csv', maxAgeMs: 93_600_000, minBytes: 10_240 },
    ]);
    for (const path of ['', 'a\r\nDELE b', 'a\0b', 'x'.repeat(1025)])
      assert.throws(() => fileExpectations([{ path }]), UsageError, JSON.stringify(path));
  });
});
