// --audit's data-protection question: the CLI's code, run in-process, against the scripted FTPS fixture, explicit
// (AUTH TLS) and implicit, once accepting PROT C (listings then go in the clear) and once refusing it as
// vsftpd's force_local_data_ssl does; with the exact commands the question's own session received.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FtpsFixture, type FtpsFixtureOptions, startFtpsFixture } from '../../fixtures/ftps-server.js';
import { ranStage } from '../../src/model/stage-report.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { runJsonInProcess } from '../helpers/in-process.js';
import { codesOf } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const skip = opensslAvailable() ? false : 'the openssl command is not installed (needed to make test certificates)';

const CODE = 'tls-data-unprotected-allowed';

/** What every login of the check sends on a TLS session, up to and including PROT P. */
const LOGIN = ['USER anonymous', 'PASS ****', 'FEAT', 'SYST', 'PWD', 'TYPE I', 'PBSZ 0', 'PROT P'];
const LOGIN_TLS = ['AUTH TLS', ...LOGIN];

describe('--audit: may a client turn FTPS data protection off (PROT C)?', { skip }, () => {
  const certs = forSuite(makeCerts, (c) => c.cleanup());

  async function audit(fixture: Omit<FtpsFixtureOptions, 'key' | 'cert'>, extra: string[] = ['--audit']) {
    const server: FtpsFixture = await startFtpsFixture({ ...certs().good, ...fixture });
    try {
      const url = `${fixture.implicit ? 'ftps' : 'ftp'}://127.0.0.1:${server.port}`;
      const tls = fixture.implicit ? [] : ['--tls'];
      const { run, report } = await runJsonInProcess([
        url,
        ...tls,
        '--ca',
        certs().caFile,
        '--timeout',
        '2',
        '--mode',
        'passive',
        ...extra,
      ]);
      // The check has ended: once its connections are closed here too, every command it sent was read.
      await server.settled();
      // The question's own session: the only one that sent PROT C.
      const asked = server.sessions.filter((s) => s.includes('PROT C'));
      return { run, report, asked, sessions: server.sessions };
    } finally {
      await server.close();
    }
  }

  for (const implicit of [false, true]) {
    const form = implicit ? 'implicit FTPS' : 'explicit AUTH TLS';

    it(`${form}: PROT C accepted and a listing in the clear is a warning`, async () => {
      const { run, report, asked } = await audit({ implicit });
      // The check logs in anonymously, which --audit reports as information of its own.
      assert.deepEqual(codesOf(report), ['anonymous-allowed', CODE]);
      const f = report.findings.find((x) => x.code === CODE);
      assert.ok(f);
      assert.equal(f.severity, 'warning');
      assert.equal(f.stage, 'login');
      assert.match(f.evidence, /`PROT C` was answered "200 PROT now Clear\."/);
      assert.match(f.evidence, /PASV and LIST over a data connection without TLS: listing received \(\d+ bytes\)/);
      assert.ok(
        f.fix.some((s) => s.role === 'server-admin' && s.text.includes('force_local_data_ssl=YES')),
        JSON.stringify(f.fix),
      );
      assert.equal(report.verdict, 'degraded');
      assert.equal(run.code, 1);
      // Exactly what it sent: one session, the check's login with PBSZ 0 and PROT P, then PROT C, one
      // passive listing to the control peer, and QUIT, which ends the session that had data in the clear.
      assert.deepEqual(asked, [[...(implicit ? [] : ['AUTH TLS']), ...LOGIN, 'PROT C', 'PASV', 'LIST', 'QUIT']]);
    });

    it(`${form}: PROT C refused with 536 (data TLS required) is no finding, and no listing follows`, async () => {
      const { run, report, asked } = await audit({ implicit, refuseClearData: true });
      assert.deepEqual(codesOf(report), ['anonymous-allowed']);
      assert.equal(report.verdict, 'ok');
      assert.equal(run.code, 0);
      assert.deepEqual(asked, [[...(implicit ? [] : ['AUTH TLS']), ...LOGIN, 'PROT C', 'QUIT']]);
    });
  }

  it('a session lost at PROT C (421) is asked once more on a fresh one', async () => {
    const { report, asked } = await audit({ loseSessionAtClearData: 'once' });
    const f = report.findings.find((x) => x.code === CODE);
    assert.ok(f, codesOf(report).join(', '));
    assert.match(f.evidence, /asked again on a fresh session: at the first, the server answered 421 /);
    const login = [...LOGIN_TLS, 'PROT C'];
    // The lost session's own QUIT, sent after the 421, may or may not reach the fixture before it closes.
    const [lostSession = [], fresh] = asked;
    assert.equal(asked.length, 2);
    assert.deepEqual(
      lostSession.filter((c) => c !== 'QUIT'),
      login,
    );
    assert.deepEqual(fresh, [...login, 'PASV', 'LIST', 'QUIT']);
  });

  it('lost at PROT C twice: no finding, and the login line says it was not tested and why', async () => {
    const { report, asked } = await audit({ loseSessionAtClearData: 'always' });
    assert.deepEqual(codesOf(report), ['anonymous-allowed']);
    assert.equal(asked.length, 2, 'asked twice, no more');
    const login = ranStage(report.stages, 'login');
    assert.match(
      login?.summary ?? '',
      /PROT C check not tested: the server answered 421 .*, and on a fresh session the server answered 421 /,
    );
  });

  it('without --audit no PROT C is ever sent', async () => {
    const { report, asked, sessions } = await audit({}, []);
    assert.deepEqual(codesOf(report), []);
    assert.deepEqual(asked, []);
    assert.ok(sessions.length > 0, 'the check itself reached the fixture');
  });
});
