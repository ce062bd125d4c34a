// The tls stage's line without the legacy-version probe, and the small pure helpers of TLS posture. The
// TLS posture rules' cases are in the finding cases (finding-cases/tls.ts, finding-cases/pinned.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
import { daysText } from '../../src/diagnosis/rules/wording/tls.js';
import { ranStage } from '../../src/model/stage-report.js';
import { opensslReason } from '../../src/protocol/openssl.js';
import { healthyTls } from './observations.js';

describe('the tls stage line', () => {
  it('has a null legacy-version probe when the probe did not run', () => {
    const o = healthyTls();
    const line = ranStage(stageReports(o, diagnose(o)), 'tls');
    assert.ok(line && 'legacyTls' in line);
    assert.equal(line.legacyTls, null);
  });
});

describe('helpers', () => {
  it('daysText', () => {
    assert.deepEqual([0, 1, 2, 30].map(daysText), ['less than a day', '1 day', '2 days', '30 days']);
  });

  it("opensslReason takes the reason out of OpenSSL's error line", () => {
    assert.equal(
      opensslReason(
        '801C45AC707F0000:error:0A0000BF:SSL routines:tls_setup_handshake:no protocols available:' +
          '../deps/openssl/openssl/ssl/statem/statem_lib.c:102:\n',
      ),
      'no protocols available',
    );
    assert.equal(opensslReason('socket hang up\n'), 'socket hang up');
  });
});
