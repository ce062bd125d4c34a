// The agent's front door against one abusive client, run as the built CLI on loopback: each attack and
// the property that defeats it. Other loopback addresses (127.0.0.2, …) play other callers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type RunningAgent, startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { type CountingFtp, httpFrom, startCountingFtp, until } from '../helpers/front-door.js';
import { forSuite } from '../helpers/suite.js';

const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-front-door-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An agent with this config file (JSON), on 127.0.0.1. */
function agentWith(config: object): Promise<RunningAgent> {
  const path = join(dir, `agent-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(config));
  return startAgentCli(['--config', path]);
}

const bearer = { authorization: `Bearer ${TEST_TOKEN}` };
const json = { ...bearer, 'content-type': 'application/json' };
const checkOf = (ftp: CountingFtp): string => JSON.stringify({ target: `127.0.0.1:${ftp.port}`, timeout: 1 });

/** A raw connection to the agent, `from` a loopback address; resolves once connected. */
function rawTo(agent: RunningAgent, from = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: agent.port, localAddress: from });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What a raw connection received until the agent closed it (or `ms` passed: then `closed` is false). */
function received(socket: Socket, ms: number): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => resolve({ text, closed: false }), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

describe('the JSON API refuses cross-site use', () => {
  const ftp = forSuite(startCountingFtp, (f) => f.close());
  const agent = forSuite(
    () => agentWith({ checksPerMinute: 100 }),
    (a) => a.stop(),
  );
  const post = (headers: Record<string, string>, body = checkOf(ftp())) =>
    httpFrom('127.0.0.1', `${agent().url}api/check`, { headers, body });

  it("refuses a form's body types, a foreign Origin and a cross-site fetch; runs no check", async () => {
    const own = agent().url.replace(/\/$/, '');
    const refused: [Record<string, string>, number, RegExp][] = [
      [{ ...bearer, 'content-type': 'text/plain' }, 415, /application\/json, not text\/plain/],
      [{ ...bearer, 'content-type': 'application/x-www-form-urlencoded' }, 415, /application\/json/],
      [{ ...bearer }, 415, /application\/json/],
      [{ ...json, origin: 'http://127.0.0.2:8080' }, 403, /another site/],
      [{ ...json, origin: 'null' }, 403, /another site/],
      [{ ...json, 'sec-fetch-site': 'cross-site' }, 403, /cross-site/],
      [{ ...json, 'sec-fetch-site': 'same-site', origin: own }, 403, /same-site/],
    ];
    for (const [headers, status, message] of refused) {
      const answer = await post(headers);
      assert.equal(answer.status, status, `${JSON.stringify(headers)}: ${answer.text}`);
      assert.match(answer.text, message);
      assert.equal(answer.headers.connection, 'close');
    }
    assert.equal(ftp().connections(), 0, 'no check ran');
  });

  it('serves scripts (no Origin) and its own page (its own Origin)', async () => {
    assert.equal((await post(json)).status, 200);
    const own = agent().url.replace(/\/$/, '');
    assert.equal((await post({ ...json, origin: own, 'sec-fetch-site': 'same-origin' })).status, 200);
    assert.equal(ftp().connections(), 2, 'both checks ran');
  });
});

describe('limits that hold against one client', () => {
  const ftp = forSuite(startCountingFtp, (f) => f.close());

  it('answers an unauthenticated POST that trickles its body with 401 and closes its connection at once', async () => {
    const agent = await agentWith({});
    const socket = await rawTo(agent);
    let sent = 0;
    // A byte every 100 ms of a declared megabyte: before, the agent read it for the 300 s of node's
    // request timeout, its socket held all along.
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write('x', () => sent++);
    }, 100);
    try {
      socket.write(
        `POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{`,
      );
      const { text, closed } = await received(socket, 15_000);
      assert.match(text, /^HTTP\/1\.1 401 /);
      assert.match(text, /\r\nconnection: close\r\n/i);
      assert.ok(closed, `the agent closed the connection (after ${sent} bytes of the body)`);
      assert.ok(sent < 100, `closed long before the body ended: ${sent} bytes sent`);
    } finally {
      clearInterval(trickle);
      socket.destroy();
      await agent.stop();
    }
  });

  it('closes a connection that sends no request', async () => {
    const agent = await agentWith({});
    const socket = await rawTo(agent);
    try {
      // node:http alone keeps such a connection for ever; the agent gives it 10 s.
      const { text, closed } = await received(socket, 30_000);
      assert.ok(closed, 'the agent closed the silent connection');
      assert.equal(text, '');
    } finally {
      socket.destroy();
      await agent.stop();
    }
  });

  it('lets one address hold at most connectionsPerAddress connections; another address is served', async () => {
    const agent = await agentWith({ connectionsPerAddress: 4 });
    const sockets: Socket[] = [];
    // Listened to from the moment each connects: one the agent closes at once may be closed before the
    // next has connected.
    const answers: Promise<{ text: string; closed: boolean }>[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        const socket = await rawTo(agent);
        sockets.push(socket);
        answers.push(received(socket, 5000));
      }
      for (const s of sockets)
        if (!s.destroyed)
          s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n\r\n`);
      const settled = await Promise.all(answers);
      const served = settled.filter((a) => a.text.startsWith('HTTP/1.1 200 '));
      const dropped = settled.filter((a) => a.text === '' && a.closed);
      assert.equal(served.length, 4, 'the first four are served (kept alive)');
      assert.equal(dropped.length, 3, 'the other three are closed unanswered');
      const other = await httpFrom('127.0.0.2', `${agent.url}healthz`, { headers: bearer });
      assert.equal(other.status, 200, 'another address is served meanwhile');
    } finally {
      for (const s of sockets) s.destroy();
      await agent.stop();
    }
  });

  it('bounds the /probe queue, and abandoned probes never start (queued) or stop (running)', async () => {
    const agent = await agentWith({ concurrency: 1, modules: { slow: { timeout: 3, mode: 'passive' } } });
    const health = async (): Promise<{ checksRunning: number; checksWaiting: number }> =>
      JSON.parse((await httpFrom('127.0.0.2', `${agent.url}healthz`, { headers: bearer })).text) as {
        checksRunning: number;
        checksWaiting: number;
      };
    const leaving = Array.from({ length: 5 }, () => new AbortController());
    try {
      const probes = leaving.map((c) =>
        httpFrom('127.0.0.1', `${agent.url}probe?target=127.0.0.1:${ftp().port}&module=slow`, {
          headers: bearer,
          signal: c.signal,
        }).catch(() => undefined),
      );
      assert.ok(
        await until(10_000, async () => {
          const h = await health();
          return h.checksRunning === 1 && h.checksWaiting === 4;
        }),
        'one probe runs, four wait',
      );
      const full = await httpFrom('127.0.0.3', `${agent.url}probe?target=127.0.0.1:${ftp().port}&module=slow`, {
        headers: bearer,
      });
      assert.equal(full.status, 429, `a full queue: ${full.text}`);
      await ftp().reached(1);
      for (const c of leaving) c.abort();
      await Promise.all(probes);
      assert.ok(
        await until(15_000, async () => {
          const h = await health();
          return h.checksRunning === 0 && h.checksWaiting === 0 && ftp().open() === 0;
        }),
        `the running probe ended and its slot is free: ${JSON.stringify(await health())}, ftp open ${ftp().open()} of ${ftp().connections()}`,
      );
      assert.equal(ftp().connections(), 1, 'the four that waited never connected');
      assert.match(await agent.stderrMatching(/GET \/probe 499 /), /GET \/probe 499 /);
    } finally {
      await agent.stop();
    }
  });

  it('counts the rate limit and running checks per caller address', async () => {
    const agent = await agentWith({ checksPerMinute: 2, checksPerCaller: 1 });
    const check = (from: string, signal?: AbortSignal) =>
      httpFrom(from, `${agent.url}api/check`, { headers: json, body: checkOf(ftp()), signal });
    try {
      assert.equal((await check('127.0.0.2')).status, 200);
      assert.equal((await check('127.0.0.2')).status, 200);
      const limited = await check('127.0.0.2');
      assert.equal(limited.status, 429);
      assert.match(limited.text, /at most 2 checks a minute from 127\.0\.0\.2/);
      assert.equal((await check('127.0.0.3')).status, 200, 'another address has its own');

      // One check of 127.0.0.4 waits at the silent server: a second at the same time is refused.
      const before = ftp().connections();
      const first = check('127.0.0.4');
      await ftp().reached(before + 1);
      const second = await check('127.0.0.4');
      assert.equal(second.status, 429);
      assert.match(second.text, /at most 1 checks at once from 127\.0\.0\.4/);
      assert.equal((await first).status, 200);
    } finally {
      await agent.stop();
    }
  });
});

/** VmRSS of a process, in MiB. */
const rssOf = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/**
 * The flood of one client (127.0.0.2), in a process of its own so that the test's measurements wait on
 * nothing of it: for `seconds`, 200 connections at a time (many times its connection cap), each
 * declaring a 100 MB JSON body and sending 16 KiB of it every 250 ms, half without the token, half with
 * it (over the body limit); a connection the agent closes is opened again 250 ms later. A flood of
 * connections rather than of bytes: bandwidth is the network's to bound, and on this shared 2-core
 * machine a byte flood would measure the machine (the flooder's own work), not the agent.
 */
const FLOODER = `
const net = require('node:net');
const [port, token, seconds] = process.argv.slice(1);
const junk = Buffer.alloc(16 * 1024, 'x');
const end = Date.now() + Number(seconds) * 1000;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const one = (n) => new Promise((resolve) => {
  const socket = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.2' });
  let timer;
  const done = () => { clearInterval(timer); resolve(); };
  socket.on('error', done);
  socket.on('close', done);
  socket.on('data', () => undefined);
  socket.on('connect', () => {
    const auth = n % 2 === 0 ? '' : 'Authorization: Bearer ' + token + '\\r\\n';
    socket.write('POST /api/check HTTP/1.1\\r\\nHost: x\\r\\n' + auth +
      'Content-Type: application/json\\r\\nContent-Length: 100000000\\r\\n\\r\\n');
    timer = setInterval(() => (Date.now() < end ? socket.write(junk) : socket.destroy()), 250);
  });
});
const loop = async (n) => { while (Date.now() < end) { await one(n); await pause(250); } };
Promise.all(Array.from({ length: 200 }, (_, n) => loop(n))).then(() => process.exit(0));
`;

describe('a flood', () => {
  it('of one client leaves /healthz answering others within 500 ms and RSS within 64 MiB of idle', async () => {
    const agent = await agentWith({});
    const pid = agent.child.pid ?? 0;
    const idle = rssOf(pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
    // At the lowest priority: an attacker on the internet does not share the agent's CPU, and on this
    // machine the flooder's own work would otherwise be what the agent waits for.
    const flooder = spawn('nice', ['-n', '19', process.execPath, '-e', FLOODER, String(agent.port), TEST_TOKEN, '4'], {
      stdio: 'ignore',
    });
    const flooded = new Promise((resolve) => flooder.once('exit', resolve));
    const times: number[] = [];
    try {
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const answer = await httpFrom('127.0.0.1', `${agent.url}healthz`, { headers: bearer });
        times.push(performance.now() - t0);
        assert.equal(answer.status, 200);
        await new Promise((r) => setTimeout(r, 300));
      }
      times.sort((a, b) => a - b);
    } finally {
      if (flooder.exitCode === null) flooder.kill('SIGTERM');
      await flooded;
      clearInterval(sampler);
      await agent.stop();
    }
    process.stdout.write(
      `# flood: /healthz ${times.map((t) => t.toFixed(0)).join(', ')} ms; RSS ${idle.toFixed(0)} -> ${peak.toFixed(0)} MiB\n`,
    );
    // The median of five: one slow answer on this shared machine is the machine, not the agent.
    assert.ok((times[2] ?? Infinity) < 500, `/healthz took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    assert.ok(peak - idle < 64, `RSS rose from ${idle.toFixed(0)} to ${peak.toFixed(0)} MiB`);
  });
});
