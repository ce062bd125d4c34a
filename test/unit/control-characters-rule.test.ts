// server-sends-control-characters on canned observations: where the server's text carries characters
// that drive terminals, and where text only has ordinary layout (tabs, CRLF) and must not be flagged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import type { CertificateInfo } from '../../src/model/connections.js';
import type { Observations } from '../../src/model/observations.js';
import { answered, healthy, reply } from './observations.js';

const finding = (o: Observations) => diagnose(o).find((f) => f.code === 'server-sends-control-characters');

describe('server-sends-control-characters', () => {
  it('a colour code in the greeting: info, at the greeting, and the verdict stays ok', () => {
    const o: Observations = {
      ...healthy(),
      greeting: { kind: 'greeted', ms: 3, reply: reply(220, '\x1b[1;32mWelcome\x1b[0m'), software: undefined },
    };
    const f = finding(o);
    assert.ok(f);
    assert.equal(f.severity, 'info');
    assert.equal(f.stage, 'greeting');
    assert.match(f.evidence, /^Control characters in the greeting: \\x1b \(ESC/);
    assert.match(f.evidence, /First seen \(escaped\): "\\x1b\[1;32mWelcome\\x1b\[0m"/);
    assert.equal(verdictOf(o, diagnose(o)), 'ok');
  });

  it('a bidirectional override in a 530 during login is found at the login stage', () => {
    const o: Observations = {
      ...healthy(),
      login: {
        kind: 'refused',
        ms: 5,
        user: 'bob',
        command: 'PASS',
        reply: reply(530, 'Login \u202eincorrect'),
        tlsRequired: false,
        exchanges: [],
      },
      passive: undefined,
      active: undefined,
    };
    const f = finding(o);
    assert.equal(f?.stage, 'login');
    assert.match(f.evidence, /\\u202e \(bidirectional control\)/);
  });

  it('a certificate subject with an escape sequence counts as server text', () => {
    const cert: CertificateInfo = {
      subject: 'CN=\x1b]0;owned\x07',
      issuer: 'CN=CA',
      validFrom: '',
      validTo: '',
      fingerprint256: '',
      selfSigned: false,
      trusted: true,
      trustError: undefined,
      expired: false,
      notYetValid: false,
      daysLeft: 365,
      nameMatches: true,
      nameError: undefined,
    };
    const o: Observations = {
      ...healthy(),
      tls: {
        kind: 'ran',
        ms: 4,
        mode: 'explicit',
        exchange: { command: 'AUTH TLS', result: answered(234, 'ok') },
        handshake: {
          kind: 'established',
          ms: 3,
          protocol: 'TLSv1.3',
          cipher: 'x',
          certificate: cert,
          sessionReused: false,
        },
      },
    };
    assert.equal(finding(o)?.stage, 'tls');
  });

  it('ordinary layout is not flagged: tabs, CRLF inside a partial reply, a CR still waiting for its LF', () => {
    const o: Observations = {
      ...healthy(),
      greeting: { kind: 'greeted', ms: 3, reply: reply(220, 'Welcome\tto FTP'), software: undefined },
      login: {
        kind: 'no-reply',
        ms: 9,
        user: 'anonymous',
        command: 'FEAT',
        result: { kind: 'timeout', ms: 9, partial: '211-Features:\r\n EPSV\r' },
        exchanges: [],
      },
      passive: undefined,
      active: undefined,
    };
    assert.equal(finding(o), undefined);
  });

  it('letters of any script are text, not control characters', () => {
    const o: Observations = {
      ...healthy(),
      greeting: { kind: 'greeted', ms: 3, reply: reply(220, 'Willkommen – 欢迎 – مرحبا 👋'), software: undefined },
    };
    assert.equal(finding(o), undefined);
  });

  it('what the user asked for is not server text', () => {
    const o: Observations = { ...healthy(), target: { host: '198.18.2.2', port: 21, user: 'odd\x1buser' } };
    assert.equal(finding(o), undefined);
  });
});
