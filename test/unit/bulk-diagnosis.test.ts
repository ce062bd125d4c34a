// The stage lines of the data checks after a listing, on canned observations, and the rate's wording. The
// rules' cases (a stalled sample's likely rule, the verdict) are in the finding cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRate } from '../../src/diagnosis/rules/wording/data-checks.js';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import { ranStage } from '../../src/model/stage-report.js';
import { checked, listed, SAMPLED, sampleOf, unixListing, uploaded } from './bulk-observations.js';
import { edited, reply } from './observations.js';

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
