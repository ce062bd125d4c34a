// The diagnosis of the data checks after a listing, on canned observations: the likely rule of a
// stalled sample (a full-size-packet black hole only when the small listing worked), the stage lines
// and their evidence, and the verdict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnosis/rules/catalogue.js';
import { describeRate } from '../../src/diagnosis/rules/wording/data-checks.js';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import type { Observations } from '../../src/model/observations.js';
import { ranStage } from '../../src/model/stage-report.js';
import {
  checked,
  listed,
  SAMPLED,
  sampled,
  sampleOf,
  STALLED_AT_ONCE,
  unixListing,
  uploaded,
} from './bulk-observations.js';
import { edited, reply } from './observations.js';

const stalledFinding = (o: Observations) => diagnose(o).find((f) => f.code === 'data-transfer-stalled');

/** A listing of about `bytes` bytes: the large file's line and as many small files as it takes. */
function listingOf(bytes: number): string {
  let text = unixListing();
  for (let i = 0; text.length < bytes; i++)
    text += `-rw-r--r--    1 0        0              10 Jan 31 09:15 small-${String(i).padStart(4, '0')}.txt\r\n`;
  return text;
}

describe('data-transfer-stalled after a working listing', () => {
  it('names the full-size-packet black hole when the small listing worked and the sample got nothing', () => {
    const finding = stalledFinding(sampled(STALLED_AT_ONCE));
    assert.match(String(finding?.likelyRule), /drops full-size packets \(an MTU or PMTUD black hole\)/);
    assert.match(
      String(finding?.evidence),
      /^In the passive stage, the listing \(\d+ bytes\) arrived; the download of big\.bin stalled: no data arrived for 2 s\.$/,
    );
  });

  it('says how many bytes came, and when, before a stall', () => {
    const o = sampled({ kind: 'stalled', ms: 2050, bytes: 14480, lastByteMs: 50, waitingFor: 'data' }, 'active');
    const finding = stalledFinding(o);
    assert.equal(finding?.stage, 'active');
    assert.match(finding.evidence, /14480 bytes \(14 KiB\) arrived in the first 50 ms, then nothing for 2 s\./);
  });

  it('does not blame the MTU when the listing itself filled full-size packets', () => {
    const finding = stalledFinding(sampled(STALLED_AT_ONCE, 'passive', listingOf(6000)));
    assert.doesNotMatch(String(finding?.likelyRule), /MTU or PMTUD black hole/);
    assert.match(String(finding?.likelyRule), /filled full-size packets and arrived, so an MTU problem is unlikely/);
  });

  it('gives the article its own likely rule when RETR was never answered (the control connection, not the path)', () => {
    const o = sampled({ kind: 'stalled', ms: 2000, bytes: 0, lastByteMs: undefined, waitingFor: 'preliminary-reply' });
    assert.equal(stalledFinding(o)?.likelyRule, CATALOGUE['data-transfer-stalled'].likelyRule);
  });

  it('an upload never confirmed points at full-size packets from this side', () => {
    const o = uploaded({ kind: 'stalled', ms: 2000, bytes: 4096, lastByteMs: undefined, waitingFor: 'final-reply' });
    assert.match(String(stalledFinding(o)?.likelyRule), /drops full-size packets from this side/);
  });
});

describe('stage lines and verdict with the data checks', () => {
  it('a good sample: pass, with its throughput in the summary and the evidence', () => {
    const o = edited((x) => {
      listed(unixListing())(x);
      checked({ sample: sampleOf(SAMPLED, 6_553_600) })(x);
    });
    const line = ranStage(stageReports(o, diagnose(o)), 'passive');
    assert.equal(line?.status, 'pass');
    assert.match(
      line.summary,
      /; downloaded big\.bin: 262144 bytes \(256 KiB\), as much as asked in 40 ms, 6\.6 MB\/s$/,
    );
    assert.deepEqual(line.sample, {
      outcome: 'done',
      file: 'big.bin',
      size: 262144,
      from: 'LIST',
      limit: 262144,
      bytes: 262144,
      ms: 40,
      bytesPerSecond: 6_553_600,
      cut: 'size',
      lastByteMs: null,
      reply: '"426 Failure writing network stream."',
      control: 'in-sync',
      reason: null,
    });
    assert.equal(line.upload, null);
    assert.equal(verdictOf(o, diagnose(o)), 'ok');
  });

  it('no large file: pass, "bulk transfer not tested" with the largest file', () => {
    const o = edited((x) => {
      listed('-rw-r--r--    1 0        0              51 Jan 31 09:15 readme.txt\r\n')(x);
      checked({ sample: { kind: 'no-file', listing: 'LIST', files: 1, largest: 51 } })(x);
    });
    const line = ranStage(stageReports(o, diagnose(o)), 'passive');
    assert.equal(line?.status, 'pass');
    assert.match(
      line.summary,
      /bulk transfer not tested: no file of at least 64 KiB in the LIST listing \(1 file, the largest 51 bytes; name one with --download\)/,
    );
    assert.equal(line.sample?.outcome, 'no-file');
  });

  it('a stalled sample fails its stage; one mode stalled is degraded, both are failed', () => {
    const one = sampled(STALLED_AT_ONCE);
    assert.equal(ranStage(stageReports(one, diagnose(one)), 'passive')?.status, 'fail');
    assert.equal(verdictOf(one, diagnose(one)), 'degraded');
    const both = edited((o) => {
      for (const mode of ['passive', 'active'] as const) {
        listed(unixListing(), mode)(o);
        checked({ sample: sampleOf(STALLED_AT_ONCE) }, mode)(o);
      }
    });
    assert.equal(verdictOf(both, diagnose(both)), 'failed');
  });

  it('a refused sample or upload is the server, not the network: the stage passes and says so', () => {
    const o = uploaded({ kind: 'rejected', ms: 3, reply: reply(553, 'Could not create file.'), bytes: 0 });
    const line = ranStage(stageReports(o, diagnose(o)), 'passive');
    assert.equal(line?.status, 'pass');
    assert.match(
      line.summary,
      /"553 Could not create file\." \(refused by the server: a permission, not the network\)/,
    );
    assert.equal(line.upload?.outcome, 'rejected');
    assert.match(String(line.upload.reason), /not the network/);
  });
});

describe('describeRate', () => {
  const cases: [number, string][] = [
    [512, '512 B/s'],
    [830_400, '830 kB/s'],
    [12_500_000, '12.5 MB/s'],
    [2_100_000_000, '2.1 GB/s'],
  ];
  for (const [rate, text] of cases) it(text, () => assert.equal(describeRate(rate), text));
});
