// The reflector of a built agent against one abusive client on loopback: connections that never log
// in do not lock `ftpcheck reflect` out (while they are held, and after the reflector has let them go),
// a logged-in session flooding its input is closed without the agent's memory growing, and one caller
// taking nonces runs out of its own share only. The abuser comes from 127.0.0.2, the legitimate
// client from 127.0.0.1: two callers, as two hosts would be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ranStage } from '../../src/model/stage-report.js';
import { call, type RunningAgent, startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { freePort } from '../helpers/loopback.js';
import { runJson } from '../helpers/run-cli.js';

const ABUSER = '127.0.0.2';

/** A control connection that keeps everything the reflector sent and says when it closed. */
interface Conn {
  socket: Socket;
  received(): string;
  /** The first reply line matching `pattern`, waiting at most 15 s (then whatever came). */
  line(pattern: RegExp): Promise<string>;
  closed: Promise<void>;
}

function open(port: number, localAddress?: string): Conn {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  let text = '';
  const listeners = new Set<() => void>();
  socket.on('data', (d: Buffer) => {
    text += d.toString('latin1');
    for (const l of listeners) l();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const line = (pattern: RegExp): Promise<string> =>
    new Promise((resolve) => {
      const look = (): void => {
        const found = text.split('\r\n').find((l) => pattern.test(l));
        if (found === undefined) return;
        done(found);
      };
      const done = (result: string): void => {
        clearTimeout(timer);
        listeners.delete(look);
        resolve(result);
      };
      const timer = setTimeout(() => done(text), 15_000);
      listeners.add(look);
      void closed.then(() => done(text.split('\r\n').find((l) => pattern.test(l)) ?? text));
      look();
    });
  return { socket, received: () => text, line, closed };
}

/** POST /api/reflect from `localAddress`: the status and the JSON answer. */
function askNonce(
  agent: RunningAgent,
  localAddress: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: agent.port,
        path: '/api/reflect',
        method: 'POST',
        localAddress,
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The agent process's resident memory, in bytes (Linux). */
function rssOf(agent: RunningAgent): number {
  const status = readFileSync(`/proc/${String(agent.child.pid)}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** `ftpcheck reflect` against the agent: the exit code and the active stage's status. */
async function reflect(
  agent: RunningAgent,
): Promise<{ code: number | null; active: string | undefined; stderr: string }> {
  const { run, report } = await runJson(['reflect', agent.url, '--timeout', '3'], {
    env: { FTPCHECK_AGENT_TOKEN: TEST_TOKEN },
  });
  return { code: run.code, active: ranStage(report.stages, 'active')?.status, stderr: run.stderr };
}

describe("the agent's reflector against an abusive client", () => {
  let agent: RunningAgent;
  let ftpPort: number;

  before(async () => {
    ftpPort = await freePort();
    agent = await startAgentCli(['--reflector-port', String(ftpPort)]);
    await agent.stderrMatching(/reflector on ftp:/);
  });
  after(() => agent.stop());

  it('connections that never log in lock nobody out: ftpcheck reflect works while they are held and after', async () => {
    // Sixteen connections from one address (as many as the old session limit), and sixteen more from
    // sixteen other addresses: none of them ever sends a byte.
    const fromOne = Array.from({ length: 16 }, () => open(ftpPort, ABUSER));
    const fromMany = Array.from({ length: 16 }, (_, i) => open(ftpPort, `127.0.1.${String(i + 1)}`));
    const greetings = await Promise.all(fromOne.map((c) => c.line(/^(220|421) /)));
    assert.equal(greetings.filter((g) => g.startsWith('220 ')).length, 4, greetings.join('\n'));
    assert.ok(
      greetings.filter((g) => g.startsWith('421 ')).every((g) => g.includes('not logged in')),
      greetings.join('\n'),
    );
    for (const c of fromMany) assert.match(await c.line(/^220 /), /^220 /);

    const during = await reflect(agent);
    assert.equal(during.code, 0, during.stderr);
    assert.equal(during.active, 'pass');

    // The reflector lets them go when their login time is up, without being asked to.
    const waiting = [...fromOne.filter((c) => c.received().startsWith('220 ')), ...fromMany];
    await Promise.all(waiting.map((c) => c.closed));
    for (const c of waiting) assert.match(c.received(), /421 Log in within 10 s/);

    const later = await reflect(agent);
    assert.equal(later.code, 0, later.stderr);
    assert.equal(later.active, 'pass');
  });

  it('a logged-in session flooding newlines, or one endless line, is closed; memory and /healthz hold', async () => {
    const idle = rssOf(agent);
    for (const flood of [Buffer.alloc(64 * 1024, '\n'), Buffer.alloc(64 * 1024, 'a')]) {
      const { status, body } = await askNonce(agent, ABUSER);
      assert.equal(status, 200);
      const c = open(ftpPort, ABUSER);
      await c.line(/^220 /);
      c.socket.write(`USER anonymous\r\nPASS ${String(body.nonce)}\r\n`);
      assert.match(await c.line(/^230 /), /^230 /);
      c.socket.write('PASV\r\n');
      await c.line(/^227 /);
      // LIST waits for a data connection that never comes: the flood arrives during that wait.
      c.socket.write('LIST\r\n');
      let sent = 0;
      while (sent < 32 * 1024 * 1024 && !c.socket.destroyed && !c.socket.writableEnded) {
        if (!c.socket.write(flood))
          await new Promise<void>((resolve) => {
            c.socket.once('drain', resolve);
            c.socket.once('close', resolve);
          });
        sent += flood.length;
      }
      await c.closed;
      assert.match(
        c.received(),
        flood[0] === 10 ? /421 More than 4096 bytes/ : /421 More than 4096 bytes|500 Line too long/,
      );
      const health = await call(agent, '/healthz');
      assert.equal(health.status, 200);
    }
    const grown = rssOf(agent) - idle;
    assert.ok(grown < 64 * 1024 * 1024, `RSS grew ${String(Math.round(grown / 1048576))} MiB`);
  });

  it("one caller taking nonces runs out of its own share; another caller's POST /api/reflect still succeeds", async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await askNonce(agent, ABUSER));
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length > 0, 'the greedy caller is refused at some point');
    assert.match(String(refused[0]?.body.error), /reflector nonces issued to 127\.0\.0\.2 are unused/);
    const other = await askNonce(agent, '127.0.0.1');
    assert.equal(other.status, 200);
    const run = await reflect(agent);
    assert.equal(run.code, 0, run.stderr);
  });
});
