// An agent's answer is hostile input, and the CLI reads only as much of it as its kind can need: a
// report for --from (8 MiB), the reflector's nonce for `ftpcheck reflect` (256 KiB). A fake agent on
// loopback streams an answer without end; the built CLI must cut it off at the cap, say so in one line,
// exit 3, and close the connection, so the fake agent stops long before the bound of this test.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/server/embedded-server.js';
import { runCli } from '../helpers/run-cli.js';

/** The most a fake agent writes before it gives up on the client: far beyond every cap. */
const BOUND_BYTES = 256 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

interface Streaming {
  server: Server;
  url: string;
  /** Bytes written until the client closed the connection (or the bound was reached). */
  written(): Promise<number>;
}

/** An HTTP server whose one answer is a JSON document that never ends, written as fast as it is read. */
async function endlessAgent(): Promise<Streaming> {
  let done: (bytes: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    done = resolve;
  });
  const server = createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let bytes = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
      done(bytes);
    });
    const pump = (): void => {
      while (!closed && bytes < BOUND_BYTES) {
        bytes += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!closed) {
        done(bytes);
        res.end();
      }
    };
    res.write('{"padding":"');
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/`, written: () => finished };
}

describe("an agent's answer is read up to the cap of its kind", () => {
  let ftp: EmbeddedServer;
  before(async () => {
    ftp = await startEmbeddedServer({ port: 0 });
  });
  after(() => ftp.close());

  it('--from: a report larger than 8 MiB is refused in one line, exit 3, the connection closed', async () => {
    const agent = await endlessAgent();
    try {
      const run = await runCli([`127.0.0.1:${ftp.port}`, '--from', agent.url, '--timeout', '5']);
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        /^ftpcheck: --from http:\/\/127\.0\.0\.1:\d+: could not reach the agent: the answer is larger than 8 MiB$/m,
      );
      const written = await agent.written();
      assert.ok(written >= 8 * 1024 * 1024, `the client read ${String(written)} bytes before refusing`);
      assert.ok(written < BOUND_BYTES, 'the client closed the connection instead of reading on');
    } finally {
      agent.server.close();
    }
  });

  it('reflect: a nonce answer larger than 256 KiB is refused in one line, exit 3, the connection closed', async () => {
    const agent = await endlessAgent();
    try {
      const run = await runCli(['reflect', agent.url, '--timeout', '5']);
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        /^ftpcheck reflect: the agent's API \(http:\/\/127\.0\.0\.1:\d+\) did not answer: the answer is larger than 262144 bytes$/m,
      );
      assert.equal(run.stdout, '');
      const written = await agent.written();
      assert.ok(written < BOUND_BYTES, 'the client closed the connection instead of reading on');
    } finally {
      agent.server.close();
    }
  });
});
