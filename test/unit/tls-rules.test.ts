// TLS rules on canned observations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import type { Observations } from '../../src/model/observations.js';
import { answered, healthy, healthyTls, reply } from './observations.js';

const codes = (o: Observations): string[] =>
  diagnose(o)
    .map((f) => f.code)
    .sort();

describe('TLS rules', () => {
  it('a clean TLS run has no findings', () => {
    const o = healthyTls();
    assert.deepEqual(codes(o), []);
    assert.equal(verdictOf(o, diagnose(o)), 'ok');
  });

  it('AUTH TLS refused', () => {
    const o: Observations = {
      ...healthyTls(),
      tls: {
        kind: 'auth-refused',
        ms: 2,
        exchange: { command: 'AUTH TLS', result: answered(502, 'Command not supported') },
      },
      login: undefined,
      passive: undefined,
      active: undefined,
      plain: undefined,
    };
    assert.deepEqual(codes(o), ['tls-unsupported']);
    assert.equal(verdictOf(o, diagnose(o)), 'failed');
  });

  it('handshake failure', () => {
    const o: Observations = {
      ...healthyTls(),
      tls: {
        kind: 'ran',
        ms: 5,
        mode: 'implicit',
        exchange: undefined,
        handshake: { kind: 'failed', ms: 5, error: 'wrong version number', code: 'ERR_SSL_WRONG_VERSION_NUMBER' },
      },
      greeting: undefined,
      login: undefined,
      passive: undefined,
      active: undefined,
      plain: undefined,
    };
    assert.deepEqual(codes(o), ['tls-handshake-failed']);
  });

  it('certificate problems are warnings, and errors that fail the check with --tls-strict', () => {
    const lax = healthyTls({
      trusted: false,
      trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      selfSigned: true,
      nameMatches: false,
      nameError: 'bad name',
      expired: true,
    });
    assert.deepEqual(codes(lax), [
      'tls-certificate-expired',
      'tls-certificate-name-mismatch',
      'tls-certificate-untrusted',
    ]);
    assert.ok(diagnose(lax).every((f) => f.severity === 'warning'));
    assert.equal(verdictOf(lax, diagnose(lax)), 'degraded');
    const strict = healthyTls({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, true);
    assert.equal(diagnose(strict)[0]?.severity, 'error');
    assert.equal(verdictOf(strict, diagnose(strict)), 'failed');
  });

  it('session reuse refused', () => {
    const o = healthyTls();
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    o.passive.dataTls = {
      kind: 'established',
      ms: 3,
      protocol: 'TLSv1.3',
      cipher: 'x',
      certificate: undefined,
      sessionReused: false,
    };
    o.passive.transfer = {
      kind: 'rejected',
      ms: 3,
      reply: reply(522, 'SSL connection failed: session reuse required'),
      bytes: 0,
    };
    assert.deepEqual(codes(o), ['tls-session-reuse-required']);
  });

  it('a data connection whose TLS handshake gets no answer is a stalled handshake, not a stalled transfer', () => {
    const o = healthyTls();
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    o.passive.dataTls = { kind: 'timeout', ms: 2000, received: 0 };
    o.passive.transfer = { kind: 'stalled', ms: 2000, bytes: 0, waitingFor: 'final-reply' };
    assert.deepEqual(codes(o), ['tls-handshake-stalled']);
    const [finding] = diagnose(o);
    assert.equal(finding?.stage, 'passive');
    assert.match(finding.evidence, /TLS handshake on the data connection did not finish.*not one byte/);
  });

  it('a data connection whose TLS handshake is refused says so in the stalled transfer', () => {
    const o = healthyTls();
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    o.passive.dataTls = { kind: 'failed', ms: 20, error: 'alert', code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' };
    o.passive.transfer = { kind: 'stalled', ms: 2000, bytes: 0, waitingFor: 'final-reply' };
    const finding = diagnose(o).find((f) => f.code === 'data-transfer-stalled');
    assert.match(finding?.evidence ?? '', /TLS handshake on the data connection failed/);
  });

  it('passive fails under TLS but works over plain FTP: the helper is blind', () => {
    const o = healthyTls();
    const plainPassive = structuredClone(o.passive);
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    o.passive.data = { kind: 'timeout', ms: 2000 };
    o.passive.transfer = undefined;
    o.plain = { kind: 'ran', pasv: undefined, passive: plainPassive, active: undefined };
    assert.deepEqual(codes(o), ['pasv-data-filtered', 'tls-hides-pasv-from-firewall']);
  });

  it('fails the same way over plain FTP: no TLS finding', () => {
    const o = healthyTls();
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    o.passive.data = { kind: 'timeout', ms: 2000 };
    o.passive.transfer = undefined;
    o.plain = { kind: 'ran', pasv: undefined, passive: structuredClone(o.passive), active: undefined };
    assert.deepEqual(codes(o), ['pasv-data-filtered']);
  });

  it('a router ALG rewrites the plain PASV reply', () => {
    const o = healthyTls();
    if (o.passive?.kind !== 'ran') throw new Error('passive');
    o.passive.requests[1] = {
      command: 'PASV',
      exchange: { command: 'PASV', result: answered(227, '(192,168,2,10,195,82)') },
      advertised: { address: '192.168.2.10', port: 50002 },
    };
    o.passive.relation = 'private';
    o.plain = {
      kind: 'ran',
      pasv: {
        command: 'PASV',
        exchange: { command: 'PASV', result: answered(227, '(198,18,2,2,195,83)') },
        advertised: { address: '198.18.2.2', port: 50003 },
      },
      passive: undefined,
      active: undefined,
    };
    assert.deepEqual(codes(o), ['alg-rewrites-pasv', 'pasv-private-address']);
  });

  it('a plain check of a server that offers TLS says so', () => {
    const o = healthy();
    if (o.login?.kind !== 'logged-in') throw new Error('login');
    o.login.features = ['AUTH TLS', 'EPSV'];
    // Listing it is not enough (ftp-srv lists AUTH TLS without TLS configured): the probe must accept it.
    o.authTlsProbe = { command: 'AUTH TLS', result: answered(502, 'Command not supported') };
    assert.deepEqual(codes(o), []);
    o.authTlsProbe = { command: 'AUTH TLS', result: answered(234, 'Proceed with negotiation.') };
    assert.deepEqual(codes(o), ['tls-offered']);
  });
});
