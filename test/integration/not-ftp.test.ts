// Another protocol on the FTP port, told apart by the CLI's code run in-process: services that greet first, and
// services that wait for the client and answer the TLS probe's ClientHello (a web server, an SSH
// banner behind a multiplexer, a mail server, a TLS alert, binary). None of them is a silent server.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { type FixtureName, startFixture } from '../../fixtures/index.js';
import { runJsonInProcess } from '../helpers/in-process.js';
import { codesOf } from '../helpers/run-cli.js';

const CASES: { fault: FixtureName; named: RegExp; likely: RegExp }[] = [
  { fault: 'http-banner', named: /a web \(HTTP\) server: "HTTP\/1\.1 400 Bad Request/, likely: /wrong machine/ },
  { fault: 'ssh', named: /an SSH server: "SSH-2\.0-OpenSSH/, likely: /SFTP/ },
  {
    fault: 'http-on-input',
    named: /answered by a web \(HTTP\) server: "HTTP\/1\.1 400 Bad Request/,
    likely: /web panel/,
  },
  { fault: 'ssh-on-input', named: /answered by an SSH server: "SSH-2\.0-OpenSSH_9\.2p1/, likely: /SFTP/ },
  {
    fault: 'smtp-on-input',
    named: /answered by a mail \(SMTP\) server: "220 mail\.example\.com ESMTP/,
    likely: /mail \(SMTP\)/,
  },
  { fault: 'pop3-on-input', named: /answered by a mail \(POP3\) server: "\+OK Dovecot/, likely: /mail \(POP3\)/ },
  { fault: 'imap-on-input', named: /answered by a mail \(IMAP\) server: "\* OK \[CAPABILITY/, likely: /mail \(IMAP\)/ },
  {
    fault: 'tls-alert-on-input',
    named: /answered by a TLS service: "TLS alert handshake_failure"/,
    likely: /expects TLS/,
  },
  { fault: 'binary-on-input', named: /does not speak FTP: "binary: 00 00 00 0c ff 53/, likely: /port forward/ },
];

describe('another protocol on the FTP port is named, never called silent', () => {
  for (const c of CASES) {
    it(`${c.fault}: not-ftp naming it`, async () => {
      const fixture = await startFixture(c.fault);
      try {
        const { run, report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '1']);
        assert.deepEqual(codesOf(report), ['not-ftp'], JSON.stringify(report.findings));
        const [finding] = report.findings;
        assert.match(finding?.evidence ?? '', c.named);
        assert.match(finding?.likelyRule ?? '', c.likely);
        assert.equal(report.verdict, 'failed');
        assert.equal(run.code, 2);
      } finally {
        await fixture.close();
      }
    });
  }

  it('a real web server (node:http) on the port is a web server, not a silent FTP server', async () => {
    const web = createServer((_req, res) => res.end('hello\n'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = web.address() as AddressInfo;
      const { run, report } = await runJsonInProcess([`127.0.0.1:${port}`, '--timeout', '1']);
      assert.deepEqual(codesOf(report), ['not-ftp']);
      assert.match(
        report.findings[0]?.evidence ?? '',
        /answered by a web \(HTTP\) server: "HTTP\/1\.1 400 Bad Request/,
      );
      assert.equal(run.code, 2);
    } finally {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it('ftps:// to a web server: named from its answer to a ClientHello, not a failed handshake', async () => {
    const web = createServer((_req, res) => res.end('hello\n'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = web.address() as AddressInfo;
      const { run, report } = await runJsonInProcess([`ftps://127.0.0.1:${port}`, '--timeout', '1']);
      assert.deepEqual(codesOf(report), ['not-ftp'], JSON.stringify(report.findings));
      assert.match(
        report.findings[0]?.evidence ?? '',
        /^The implicit TLS handshake failed .*; a TLS ClientHello on a new connection was answered by a web \(HTTP\) server: "HTTP\/1\.1 400 Bad Request/,
      );
      assert.match(report.findings[0]?.likelyRule ?? '', /web panel/);
      assert.equal(run.code, 2);
    } finally {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });
});
