// The commands the built CLI prints are runnable for the target checked: its port (never 21 by
// default), its TLS form (no -starttls for implicit FTPS), and no placeholder left.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { startFixture } from '../../fixtures/index.js';
import { runCli, runJson } from '../helpers/run-cli.js';

/** A loopback port where nothing listens: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The backticked commands of the human report's Confirm and Fix lines. */
const commands = (stdout: string): string[] => [...stdout.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

const PLACEHOLDER = /(?<![\w-])(HOST|PORT|USER|NAME|ADDRESS|DATAPORT)(?![\w-])/;

describe('printed commands name the target checked', () => {
  it('a refused port: nc and ss name its port, not 21', async () => {
    const port = await closedPort();
    const run = await runCli([`127.0.0.1:${port}`, '--timeout', '1', '--mode', 'passive'], { env: { COLUMNS: '400' } });
    assert.match(run.stdout, /control-refused/);
    const printed = commands(run.stdout);
    assert.ok(printed.includes(`nc -vz 127.0.0.1 ${port}`), printed.join('\n'));
    assert.ok(printed.includes(`ss -ltnp 'sport = :${port}'`), printed.join('\n'));
    for (const c of printed) {
      if (/^(quote|PORT|EPRT) /.test(c)) continue;
      assert.doesNotMatch(c, PLACEHOLDER, c);
      assert.doesNotMatch(c, /(?<![\d.:])21(?!\d)/, c);
    }
  });

  it('--tls on a port other than 21: openssl names that port, with -starttls; ftps:// drops -starttls', async () => {
    const explicit = await startFixture('auth-tls-stall');
    const implicit = await startFixture('silent');
    try {
      const tls = await runJson([`127.0.0.1:${explicit.port}`, '--tls', '--timeout', '1']);
      const explicitConfirm = tls.report.findings.flatMap((f) => f.confirm).join('\n');
      assert.match(
        explicitConfirm,
        new RegExp(`openssl s_client -connect 127\\.0\\.0\\.1:${explicit.port} -starttls ftp`),
      );
      const ftps = await runJson([`ftps://127.0.0.1:${implicit.port}`, '--timeout', '1']);
      const implicitConfirm = ftps.report.findings.flatMap((f) => f.confirm).join('\n');
      assert.match(implicitConfirm, new RegExp(`openssl s_client -connect 127\\.0\\.0\\.1:${implicit.port}\``));
      assert.doesNotMatch(implicitConfirm, /-starttls/);
    } finally {
      await explicit.close();
      await implicit.close();
    }
  });

  it('explain without a target keeps the placeholders it documents', async () => {
    const run = await runCli(['explain', 'control-refused']);
    assert.match(run.stdout, /nc -vz HOST PORT/);
  });
});
