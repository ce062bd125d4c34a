// Sessions beside the check's own (--max-sessions): the active stage runs on a second session while
// the passive stage runs on the first, and a server that refuses the second session — a 421 as
// vsftpd's max_per_ip and Pure-FTPd's -C send it, or a reset right after accepting — gets the same
// report as with one session at a time: the check goes on in one line and only the transcript says so.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { codesOf, runJson } from '../helpers/run-cli.js';

type Refusal = '421' | 'reset';

/** A gate in front of the server that lets one control connection through at a time. */
async function oneSessionGate(upstream: number, refusal: Refusal): Promise<{ port: number; close(): Promise<void> }> {
  let open = 0;
  const sockets = new Set<Socket>();
  const gate: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (open >= 1) {
      if (refusal === '421') client.end('421 There are too many connections from your internet address.\r\n');
      else client.resetAndDestroy();
      return;
    }
    open++;
    const server = connect(upstream, '127.0.0.1');
    sockets.add(server);
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    let counted = true;
    const done = (): void => {
      if (counted) open--;
      counted = false;
      server.destroy();
      client.destroy();
    };
    client.on('close', done);
    server.on('close', done);
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  const address = gate.address();
  if (address === null || typeof address === 'string') throw new Error('the gate has no port');
  return {
    port: address.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => gate.close(resolve));
    },
  };
}

/** What must not depend on how many sessions ran: verdict, findings and each stage's status. */
function outcome(report: Report): unknown {
  return {
    verdict: report.verdict,
    codes: codesOf(report),
    stages: report.stages.map((s) => [s.name, s.status]),
  };
}

const second = (report: Report): boolean => report.transcript.some((e) => e.text.startsWith('[session 2] '));

describe('sessions beside the check’s own', () => {
  it('runs the active stage on a second session with --max-sessions 3, and in one line with 1 (and by default on loopback)', async () => {
    const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
    try {
      const target = `127.0.0.1:${server.port}`;
      const parallel = await runJson([target, '--timeout', '3', '--max-sessions', '3']);
      const serial = await runJson([target, '--timeout', '3', '--max-sessions', '1']);
      // Loopback's round trip is too short for a second session to pay: by default, none.
      const byDefault = await runJson([target, '--timeout', '3']);
      assert.ok(!second(byDefault.report), 'no second session on loopback without --max-sessions');
      assert.deepEqual(outcome(byDefault.report), outcome(serial.report));
      assert.equal(parallel.report.verdict, 'ok', JSON.stringify(parallel.report.findings));
      assert.deepEqual(outcome(parallel.report), outcome(serial.report));
      assert.ok(second(parallel.report), 'the parallel run marks its second session’s lines');
      assert.ok(!second(serial.report), '--max-sessions 1 opens no second session');
      assert.equal(parallel.run.code, 0);
      assert.equal(serial.run.code, 0);
    } finally {
      await server.close();
    }
  });

  it('runs the checks after the session (STAT’s view, the --audit questions) beside each other, with the same report as in one line', async () => {
    const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
    const gate = await oneSessionGate(server.port, '421');
    try {
      const target = `127.0.0.1:${server.port}`;
      const parallel = await runJson([target, '--timeout', '3', '--audit', '--max-sessions', '3']);
      const serial = await runJson([target, '--timeout', '3', '--audit', '--max-sessions', '1']);
      const gated = await runJson([`127.0.0.1:${gate.port}`, '--timeout', '3', '--audit', '--max-sessions', '3']);
      assert.deepEqual(outcome(parallel.report), outcome(serial.report));
      assert.deepEqual(outcome(gated.report), outcome(serial.report));
      // STAT's view and the bounce check need no new session here; the mod_copy question ran beside them.
      assert.ok(
        parallel.report.transcript.some((e) => /^\[session [45]\] .*SITE CPFR/.test(e.text)),
        JSON.stringify(parallel.report.transcript.map((e) => e.text)),
      );
      assert.ok(!serial.report.transcript.some((e) => e.text.startsWith('[session ')));
      assert.equal(parallel.run.code, serial.run.code);
      assert.equal(gated.run.code, serial.run.code);
    } finally {
      await gate.close();
      await server.close();
    }
  });

  for (const refusal of ['421', 'reset'] as const) {
    it(`a server that allows one session (${refusal} to the second) gets the report of a check in one line`, async () => {
      const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
      const gate = await oneSessionGate(server.port, refusal);
      try {
        const { run, report } = await runJson([`127.0.0.1:${gate.port}`, '--timeout', '3', '--max-sessions', '3']);
        const serial = await runJson([`127.0.0.1:${server.port}`, '--timeout', '3', '--max-sessions', '1']);
        assert.equal(report.verdict, 'ok', JSON.stringify(report.findings));
        // Only what ftp-srv itself earns (its active data comes from an ephemeral port), as in one line.
        assert.deepEqual(outcome(report), outcome(serial.report));
        assert.ok(!codesOf(report).some((c) => /session|connect|refused|reset/.test(c)), codesOf(report).join());
        assert.equal(run.code, 0);
        const active = report.stages.find((s) => s.name === 'active');
        assert.equal(active?.status, 'pass');
        const note = report.transcript.find((e) => e.text.startsWith('the server limits sessions per client'));
        assert.ok(note, JSON.stringify(report.transcript.map((e) => e.text)));
        assert.match(note.text, /runs in line/);
      } finally {
        await gate.close();
        await server.close();
      }
    });
  }
});
