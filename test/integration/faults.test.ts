// Each fault fixture checked in-process through the library's check(), as `ftpcheck --json` would: the
// findings, verdict, exit code and failing stage of the report. The fixtures are real servers on
// loopback (raw net servers scripted to fail one way); the cases run a few at a time, since most of
// them wait on the server. The built CLI's own exit codes are pinned in test/e2e/faults.test.ts.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type FixtureName, startFixture } from '../../fixtures/index.js';
import { check } from '../../src/index.js';
import type { CheckOptions } from '../../src/settings/check-options.js';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { ipv6Loopback } from '../helpers/loopback.js';
import { assertSchema } from '../helpers/schema.js';

/** The check of this target with --timeout 1, its report checked against the published schema. */
async function checked(target: string, options: Omit<CheckOptions, 'target' | 'timeout'> = {}): Promise<Report> {
  const report = await check({ target, timeout: 1, ...options });
  assertSchema(report);
  return report;
}

const codesOf = (report: Report): string[] => report.findings.map((f) => f.code).sort();

interface Case {
  fault: FixtureName;
  options?: Omit<CheckOptions, 'target' | 'timeout'>;
  codes: string[];
  verdict: 'ok' | 'degraded' | 'failed';
  /** A stage whose status must be fail. */
  failing?: string;
}

/** The exit code of each verdict, written out: what a script that runs ftpcheck reads. */
const EXIT_CODE = { ok: 0, degraded: 1, failed: 2 } as const;

const cases: Case[] = [
  { fault: 'healthy', options: { mode: 'both' }, codes: ['active-source-port-not-20'], verdict: 'ok' },
  { fault: 'port-ok', options: { mode: 'active' }, codes: ['active-source-port-not-20'], verdict: 'ok' },
  {
    fault: 'port-ok',
    options: { mode: 'both' },
    codes: ['active-source-port-not-20', 'pasv-rejected'],
    verdict: 'degraded',
    failing: 'passive',
  },
  { fault: 'silent', codes: ['banner-timeout'], verdict: 'failed', failing: 'greeting' },
  { fault: 'ssh', codes: ['not-ftp'], verdict: 'failed', failing: 'greeting' },
  { fault: 'http-banner', codes: ['not-ftp'], verdict: 'failed', failing: 'greeting' },
  { fault: 'greet-421', codes: ['greeting-rejected'], verdict: 'failed', failing: 'greeting' },
  { fault: 'close-at-once', codes: ['control-reset'], verdict: 'failed' },
  { fault: 'reset-at-once', codes: ['control-reset'], verdict: 'failed' },
  { fault: 'endless-line', codes: ['protocol-violation'], verdict: 'failed', failing: 'greeting' },
  { fault: 'endless-reply', codes: ['protocol-violation'], verdict: 'failed', failing: 'greeting' },
  { fault: 'slow-drip', codes: ['banner-timeout'], verdict: 'failed', failing: 'greeting' },
  { fault: 'control-filtered', codes: ['control-filtered'], verdict: 'failed', failing: 'connect' },
  { fault: 'tls-required', codes: ['tls-required'], verdict: 'failed', failing: 'login' },
  { fault: 'login-slow-530', codes: ['login-failed'], verdict: 'failed', failing: 'login' },
  { fault: 'pasv-private', options: { mode: 'passive' }, codes: ['pasv-private-address'], verdict: 'degraded' },
  { fault: 'pasv-foreign', options: { mode: 'passive' }, codes: ['pasv-foreign-address'], verdict: 'degraded' },
  {
    fault: 'pasv-refused',
    options: { mode: 'passive' },
    codes: ['pasv-data-refused'],
    verdict: 'failed',
    failing: 'passive',
  },
  {
    fault: 'pasv-filtered',
    options: { mode: 'passive' },
    codes: ['pasv-data-filtered'],
    verdict: 'failed',
    failing: 'passive',
  },
  {
    fault: 'pasv-filtered',
    options: { mode: 'both' },
    codes: ['active-source-port-not-20', 'pasv-data-filtered'],
    verdict: 'degraded',
    failing: 'passive',
  },
  {
    fault: 'pasv-stall',
    options: { mode: 'passive' },
    codes: ['data-transfer-stalled'],
    verdict: 'failed',
    failing: 'passive',
  },
  {
    fault: 'pasv-425',
    options: { mode: 'passive' },
    codes: ['data-transfer-stalled'],
    verdict: 'failed',
    failing: 'passive',
  },
  {
    fault: 'port-rejected',
    options: { mode: 'both' },
    codes: ['active-port-rejected'],
    verdict: 'degraded',
    failing: 'active',
  },
  {
    fault: 'port-no-callback',
    options: { mode: 'active' },
    codes: ['active-callback-blocked'],
    verdict: 'failed',
    failing: 'active',
  },
  {
    // The server's own failure before any connection back: not a firewall's (active-callback-blocked).
    fault: 'port-bind-oops',
    options: { mode: 'active' },
    codes: ['active-server-error'],
    verdict: 'failed',
    failing: 'active',
  },
  {
    fault: 'control-lost-after-login',
    options: { mode: 'passive' },
    codes: ['control-lost'],
    verdict: 'failed',
    failing: 'passive',
  },
  {
    fault: 'control-lost-after-login',
    options: { mode: 'active' },
    codes: ['control-lost'],
    verdict: 'failed',
    failing: 'active',
  },
  {
    fault: 'auth-tls-stall',
    options: { tls: true, mode: 'passive' },
    codes: ['tls-handshake-stalled'],
    verdict: 'failed',
    failing: 'tls',
  },
];

describe('fault fixtures, checked in-process', { concurrency: 4 }, () => {
  // The first check loads the diagnosis and the report's modules, which holds up the process for a
  // moment: done once before the cases start, so that no case's waits include it.
  before(async () => {
    const fixture = await startFixture('healthy');
    try {
      assert.equal((await checked(`127.0.0.1:${fixture.port}`)).verdict, 'ok');
    } finally {
      await fixture.close();
    }
  });

  for (const c of cases) {
    const options = c.options ?? { mode: 'passive' };
    const args = [options.tls ? '--tls' : '', options.mode ? `--mode ${options.mode}` : ''].filter(Boolean);
    it(`${c.fault} ${args.join(' ')}: ${c.codes.join(', ')} → ${c.verdict}`, async () => {
      const fixture = await startFixture(c.fault);
      try {
        const report = await checked(`127.0.0.1:${fixture.port}`, options);
        const detail = JSON.stringify(
          {
            findings: report.findings.map((f) => [f.code, f.evidence]),
            stages: report.stages.map((s) => [s.name, s.status, s.summary]),
          },
          null,
          1,
        );
        assert.deepEqual(codesOf(report), [...c.codes].sort(), detail);
        assert.equal(report.verdict, c.verdict, detail);
        assert.equal(report.exitCode, EXIT_CODE[c.verdict]);
        if (c.failing) assert.equal(report.stages.find((s) => s.name === c.failing)?.status, 'fail', detail);
      } finally {
        await fixture.close();
      }
    });
  }

  it("vsftpd's 500 OOPS at LIST is named in the server's words, with the setting behind it", async () => {
    const fixture = await startFixture('port-bind-oops');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, { mode: 'active' });
      const finding = report.findings.find((f) => f.code === 'active-server-error');
      assert.match(
        finding?.evidence ?? '',
        /LIST was answered "500 OOPS: vsf_sysutil_bind" without the server connecting back/,
      );
      assert.ok(finding?.fix.some((step) => step.text.includes('connect_from_port_20=NO')));
      assert.equal(report.clients?.find((v) => v.client === 'curl' && v.mode === 'active')?.works, 'no');
    } finally {
      await fixture.close();
    }
  });

  it('--audit asks the bounce and anonymous questions once more on a fresh session when the first is lost', async () => {
    const fixture = await startFixture('audit-lost-once');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, {
        mode: 'passive',
        audit: true,
        user: 'alice',
        password: 'secret',
      });
      const codes = codesOf(report);
      assert.ok(codes.includes('port-bounce-allowed'), codes.join(', '));
      assert.ok(codes.includes('anonymous-allowed'), codes.join(', '));
      const login = ranStage(report.stages, 'login');
      assert.ok(login?.outcome === 'logged-in');
      assert.match(
        login.bounce?.detail ?? '',
        /asked again on a fresh session: at the first, the connection was reset/,
      );
      assert.match(
        login.anonymousLogin?.detail ?? '',
        /tried again on a fresh session: at the first, the server answered 421/,
      );
    } finally {
      await fixture.close();
    }
  });

  it('--audit finds an announced vulnerable version and sends exactly the audit commands, nothing that exploits', async () => {
    const fixture = await startFixture('vsftpd-2.3.4');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, { audit: true, user: 'alice', password: 'secret' });
      const finding = report.findings.find((f) => f.code === 'known-vulnerable-server');
      assert.match(finding?.evidence ?? '', /announces vsftpd 2\.3\.4: CVE-2011-2523 .* Nothing was sent to try it\./);
      // The backdoor's port was knocked on (connect, close), its outcome in the evidence.
      assert.match(finding?.evidence ?? '', /TCP 6200 on the server (accepted|did not accept) a connection/);
      // Every command sent on a control connection, the active listener's own port left out.
      const sent = report.transcript
        .filter((e) => e.conn === 'control' && e.dir === 'send')
        .map((e) => e.text.replace(/^PORT 127,0,0,1,\d+,\d+$/, 'PORT 127,0,0,1,(listener)'));
      const login = ['FEAT', 'SYST', 'PWD', 'TYPE I'];
      assert.deepEqual(sent, [
        'USER alice',
        'PASS ****',
        ...login,
        // The check: passive (PASV and EPSV apart), active, and the server's view of this machine.
        'EPSV',
        'PASV',
        'LIST',
        'EPSV',
        'LIST',
        'PORT 127,0,0,1,(listener)',
        'LIST',
        'STAT',
        // --audit: the bounce question, with no data command after it, and an anonymous login.
        'PORT 192,0,2,1,4,1',
        'USER anonymous',
        'PASS ****',
        ...login,
        // --audit: mod_copy's SITE CPFR on a connection of its own, before any login; never SITE CPTO.
        // (Then port 6200 is connected to and closed, nothing sent: no control command.)
        'SITE CPFR /',
      ]);
    } finally {
      await fixture.close();
    }
  });

  it('--audit finds mod_copy taking SITE CPFR before login, and never sends SITE CPTO', async () => {
    const fixture = await startFixture('proftpd-mod-copy');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, { audit: true, mode: 'passive' });
      const finding = report.findings.find((f) => f.code === 'mod-copy-unauthenticated');
      assert.match(
        finding?.evidence ?? '',
        /`SITE CPFR \/` before any login was answered "350 File or directory exists/,
      );
      const versions = report.findings.filter((f) => f.code === 'known-vulnerable-server').map((f) => f.evidence);
      assert.equal(versions.length, 2, versions.join('\n'));
      const sent = report.transcript.filter((e) => e.dir === 'send').map((e) => e.text);
      assert.ok(sent.includes('SITE CPFR /'));
      assert.ok(!sent.some((line) => /CPTO/i.test(line)), sent.join('\n'));
    } finally {
      await fixture.close();
    }
  });

  it('a slow 530 is a login failure, not a timeout, although it takes longer than --timeout', async () => {
    const fixture = await startFixture('login-slow-530');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, { user: 'alice', password: 'wrong' });
      const finding = report.findings.find((f) => f.code === 'login-failed');
      assert.match(finding?.evidence ?? '', /530 Login incorrect/);
    } finally {
      await fixture.close();
    }
  });

  it('never connects to the address a PASV reply names when it is not the server', async () => {
    const fixture = await startFixture('pasv-foreign');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, { mode: 'passive' });
      assert.equal(ranStage(report.stages, 'passive')?.dataTarget?.address, '127.0.0.1');
      assert.ok(!report.transcript.some((e) => e.text.includes('connecting to 198.51.100.7')));
    } finally {
      await fixture.close();
    }
  });
  it('tls-required for a named user: the 530 to PASS names encryption', async () => {
    const fixture = await startFixture('tls-required');
    try {
      const report = await checked(`127.0.0.1:${fixture.port}`, { user: 'alice', password: 'pw' });
      assert.deepEqual(codesOf(report), ['tls-required']);
      assert.match(report.findings[0]?.evidence ?? '', /must use encryption/);
      assert.equal(report.exitCode, 2);
    } finally {
      await fixture.close();
    }
  });

  it('a stalled handshake is told from a refused one: explicit and implicit TLS, the path-MTU black hole first', async () => {
    const explicit = await startFixture('auth-tls-stall');
    // A port that takes the ClientHello and never answers: what implicit FTPS meets on such a path.
    const implicit = await startFixture('silent');
    try {
      for (const target of [`127.0.0.1:${explicit.port}`, `ftps://127.0.0.1:${implicit.port}`]) {
        const report = await checked(target, target.startsWith('ftps') ? {} : { tls: true });
        assert.deepEqual(codesOf(report), ['tls-handshake-stalled'], target);
        const finding = report.findings[0];
        assert.match(finding?.evidence ?? '', /not one byte came back after the ClientHello/);
        assert.match(finding?.explanation ?? '', /path-MTU black hole/);
        assert.ok(finding?.fix.some((f) => f.text.includes('--clamp-mss-to-pmtu')));
        assert.equal(report.exitCode, 2);
      }
    } finally {
      await explicit.close();
      await implicit.close();
    }
  });

  it('over IPv6 (::1): EPSV and EPRT against the scripted server', async (t) => {
    if (!(await ipv6Loopback())) return t.skip('::1 is not available on this machine');
    const fixture = await startFixture('healthy', { host: '::1' });
    try {
      const report = await checked(`[::1]:${fixture.port}`, { mode: 'both' });
      assert.deepEqual(codesOf(report), ['active-source-port-not-20']);
      assert.equal(report.verdict, 'ok');
      assert.equal(report.exitCode, 0);
      assert.equal(report.target.family, 6);
    } finally {
      await fixture.close();
    }
  });
});
