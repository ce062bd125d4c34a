// `ftpcheck serve` as an admin runs it: it starts, says where it listens, passes a check, and stops on
// SIGTERM with exit code 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/loopback.js';
import { CLI, runJson } from '../helpers/run-cli.js';

describe('serve', () => {
  it('serves anonymous read-only FTP until SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 100 && !stderr.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(stderr, new RegExp(`listening on 127\\.0\\.0\\.1:${port}`));
      const { report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2']);
      assert.equal(report.verdict, 'ok');
      assert.equal(report.server.software, 'ftp-srv');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
