// `ftpcheck reflect` (the built CLI) against the reflector on loopback, behind a small HTTP server that
// mounts its routes as the agent does: a healthy run, a router's FTP helper simulated by a proxy that
// rewrites PORT (and forwards the callback, as NAT does), a proxy that alters a data connection, --tls
// without and with a certificate, IPv6; and the reflector's own rules spoken to directly: a nonce used
// twice, PORT naming another address, the caps on a session.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { startAlgProxy } from '../helpers/alg-proxy.js';
import { makeCerts, opensslAvailable, type TestCerts } from '../helpers/certs.js';
import { ipv6Loopback } from '../helpers/loopback.js';
import { startReflectorAgent } from '../helpers/reflector.js';
import { codesOf, runCli, runJson } from '../helpers/run-cli.js';

const problems = (r: Report): string[] => r.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
const detail = (r: Report): string =>
  JSON.stringify(
    { findings: r.findings.map((f) => [f.code, f.evidence]), stages: r.stages.map((s) => [s.name, s.summary]) },
    null,
    1,
  );

describe('ftpcheck reflect', () => {
  it('a healthy path: the callback arrives from port 20, PORT as sent, the nonce intact both ways', async () => {
    const agent = await startReflectorAgent({ token: 'secret-token-123456' });
    try {
      const { run, report } = await runJson(['reflect', agent.url, '--timeout', '2'], {
        env: { FTPCHECK_AGENT_TOKEN: 'secret-token-123456' },
      });
      assert.equal(run.code, 0, detail(report));
      assert.deepEqual(problems(report), []);
      const active = ranStage(report.stages, 'active');
      assert.equal(active?.status, 'pass');
      assert.equal(active.callback?.kind, 'arrived');
      const seen = active.reflector;
      assert.ok(seen, 'the active stage carries what the reflector saw');
      assert.equal(seen.seenAs, '127.0.0.1');
      assert.equal(seen.received?.asAnnounced, true);
      assert.equal(seen.received.port, seen.announced?.port);
      assert.equal(seen.activeNonce, 'intact');
      assert.equal(seen.passiveNonce, 'intact');
      // As root the reflector binds port 20; otherwise it says why not.
      if (process.getuid?.() === 0) assert.equal(seen.callbackFrom?.port, 20);
      else assert.match(seen.notFromPort20 ?? '', /permission|busy/);
      assert.equal(ranStage(report.stages, 'passive')?.status, 'pass');
      assert.ok(!run.stdout.includes('secret-token') && !run.stderr.includes('secret-token'), 'the token stays out');
    } finally {
      await agent.close();
    }
  });

  it('a wrong token: the API refuses, ftpcheck says so and exits 3', async () => {
    const agent = await startReflectorAgent({ token: 'secret-token-123456' });
    try {
      const run = await runCli(['reflect', agent.url], { env: { FTPCHECK_AGENT_TOKEN: 'wrong-token-000000' } });
      assert.equal(run.code, 3);
      assert.match(run.stderr, /answered 401/);
      assert.equal(run.stdout, '');
    } finally {
      await agent.close();
    }
  });

  it("a router's FTP helper (a proxy rewriting PORT and forwarding the callback) gives alg-rewrites-port", async () => {
    const agent = await startReflectorAgent({ advertise: () => proxyPort });
    const proxy = await startAlgProxy(agent.reflector.address.port, 'rewrite-port');
    const proxyPort = proxy.port;
    try {
      const { run, report } = await runJson(['reflect', agent.url, '--timeout', '2']);
      assert.equal(proxy.rewritten.length, 1, 'the proxy rewrote one PORT');
      assert.deepEqual(problems(report), ['alg-rewrites-port'], detail(report));
      assert.equal(run.code, 1);
      const finding = report.findings.find((f) => f.code === 'alg-rewrites-port');
      const sent = proxy.rewritten[0]?.to.slice('PORT '.length) ?? '';
      assert.ok(finding?.evidence.includes(`"PORT ${sent}"`), finding?.evidence);
      assert.match(finding?.evidence ?? '', /--tls/);
      const active = ranStage(report.stages, 'active');
      assert.equal(active?.callback?.kind, 'arrived', 'the helper let the callback in');
      assert.equal(active.reflector?.received?.asAnnounced, false);
      assert.equal(active.reflector.activeNonce, 'intact');
    } finally {
      await proxy.close();
      await agent.close();
    }
  });

  it('a middlebox that alters the passive data connection gives data-tampered', async () => {
    const agent = await startReflectorAgent({ advertise: () => proxyPort });
    const proxy = await startAlgProxy(agent.reflector.address.port, 'tamper-pasv');
    const proxyPort = proxy.port;
    try {
      const { run, report } = await runJson(['reflect', agent.url, '--timeout', '2']);
      assert.deepEqual(problems(report), ['data-tampered'], detail(report));
      assert.equal(run.code, 1);
      const finding = report.findings.find((f) => f.code === 'data-tampered');
      assert.equal(finding?.stage, 'passive');
      assert.equal(ranStage(report.stages, 'active')?.reflector?.activeNonce, 'intact');
    } finally {
      await proxy.close();
      await agent.close();
    }
  });

  it('over IPv6: EPRT and EPSV, the callback to ::1', async (t) => {
    if (!(await ipv6Loopback())) {
      t.skip('no IPv6 loopback here');
      return;
    }
    const agent = await startReflectorAgent({ host: '::1' });
    try {
      const { run, report } = await runJson(['reflect', agent.url, '--timeout', '2']);
      assert.equal(run.code, 0, detail(report));
      const active = ranStage(report.stages, 'active');
      assert.equal(active?.command, 'EPRT');
      assert.equal(active.reflector?.received?.command, 'EPRT');
      assert.equal(active.reflector.received.asAnnounced, true);
      assert.equal(active.reflector.seenAs, '::1');
      assert.deepEqual(
        ranStage(report.stages, 'passive')?.requests.map((r) => r.command),
        ['EPSV'],
      );
    } finally {
      await agent.close();
    }
  });

  it('--tls without a certificate: AUTH TLS refused (534), and ftpcheck says so', async () => {
    const agent = await startReflectorAgent();
    try {
      const { run, report } = await runJson(['reflect', agent.url, '--tls', '--timeout', '2']);
      assert.match(run.stderr, /no certificate/);
      assert.match(run.stderr, /--reflector-cert/);
      const tls = ranStage(report.stages, 'tls');
      assert.equal(tls?.status, 'fail');
      assert.match(tls.summary, /534/);
      assert.equal(run.code, 2);
    } finally {
      await agent.close();
    }
  });

  describe('--tls with a certificate', () => {
    let certs: TestCerts | undefined;
    before(() => {
      if (opensslAvailable()) certs = makeCerts();
    });
    after(() => certs?.cleanup());

    it('plain rounds first, then active and passive FTPS with protected data', async (t) => {
      if (!certs) {
        t.skip('no openssl command here');
        return;
      }
      const agent = await startReflectorAgent({ tls: certs.good });
      try {
        const { run, report } = await runJson(['reflect', agent.url, '--tls', '--ca', certs.caFile, '--timeout', '2']);
        assert.equal(run.code, 0, detail(report));
        assert.equal(ranStage(report.stages, 'tls')?.status, 'pass');
        assert.equal(ranStage(report.stages, 'active')?.reflector?.activeNonce, 'intact');
        assert.equal(report.plainComparison?.ran, true);
      } finally {
        await agent.close();
      }
    });

    it('a helper rewrites PORT over plain FTP, and under TLS the command arrives as sent', async (t) => {
      if (!certs) {
        t.skip('no openssl command here');
        return;
      }
      const agent = await startReflectorAgent({ tls: certs.good, advertise: () => proxyPort });
      const proxy = await startAlgProxy(agent.reflector.address.port, 'rewrite-port');
      const proxyPort = proxy.port;
      try {
        const { report } = await runJson(['reflect', agent.url, '--tls', '--ca', certs.caFile, '--timeout', '2']);
        assert.equal(proxy.rewritten.length, 1, 'the helper saw only the plain PORT');
        assert.ok(codesOf(report).includes('alg-rewrites-port'), detail(report));
        const finding = report.findings.find((f) => f.code === 'alg-rewrites-port');
        assert.match(finding?.evidence ?? '', /Under TLS the command arrived as sent/);
        assert.equal(ranStage(report.stages, 'active')?.reflector?.received?.asAnnounced, true);
      } finally {
        await proxy.close();
        await agent.close();
      }
    });
  });
});

/** A raw control session with the reflector: send lines, read replies. */
async function session(port: number, host = '127.0.0.1'): Promise<{ ask(line: string): Promise<string>; end(): void }> {
  const socket: Socket = connect(port, host);
  let buffer = '';
  let wake: (() => void) | undefined;
  socket.on('data', (d: Buffer) => {
    buffer += d.toString('latin1');
    wake?.();
  });
  socket.on('error', () => wake?.());
  socket.on('close', () => wake?.());
  const read = async (): Promise<string> => {
    for (let i = 0; i < 50; i++) {
      const m = /^(\d{3}) [^\r\n]*\r\n/m.exec(buffer);
      if (m) {
        const end = m.index + m[0].length;
        const reply = buffer.slice(0, end);
        buffer = buffer.slice(end);
        return reply;
      }
      if (socket.destroyed) return buffer;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return buffer;
  };
  await read();
  return {
    ask: async (line) => {
      socket.write(`${line}\r\n`);
      return read();
    },
    end: () => socket.destroy(),
  };
}

async function nonceFrom(url: string): Promise<string> {
  const res = await fetch(new URL('/api/reflect', url), { method: 'POST', signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { nonce: string; port: number; expiresInSeconds: number };
  assert.match(body.nonce, /^[0-9a-f]{32}$/);
  assert.ok(body.expiresInSeconds > 0 && body.expiresInSeconds <= 300);
  return body.nonce;
}

describe('the reflector', () => {
  it('takes a nonce once: a second login with it is refused', async () => {
    const agent = await startReflectorAgent();
    try {
      const nonce = await nonceFrom(agent.url);
      const first = await session(agent.reflector.address.port);
      await first.ask('USER anonymous');
      assert.match(await first.ask(`PASS ${nonce}`), /^230 /);
      const second = await session(agent.reflector.address.port);
      await second.ask('USER anonymous');
      assert.match(await second.ask(`PASS ${nonce}`), /^530 .*already used/);
      first.end();
      second.end();
      const unknown = await fetch(new URL(`/api/reflect/${'0'.repeat(32)}`, agent.url));
      assert.equal(unknown.status, 404);
      const view = await fetch(new URL(`/api/reflect/${nonce}`, agent.url));
      assert.equal(view.status, 200);
    } finally {
      await agent.close();
    }
  });

  it('refuses PORT and EPRT naming another public address (RFC 2577), and connects nowhere', async () => {
    const agent = await startReflectorAgent();
    try {
      const nonce = await nonceFrom(agent.url);
      const s = await session(agent.reflector.address.port);
      await s.ask('USER anonymous');
      await s.ask(`PASS ${nonce}`);
      assert.match(await s.ask('PORT 192,0,2,1,4,1'), /^500 Illegal PORT: 192\.0\.2\.1:1025 is not your address/);
      assert.match(await s.ask('EPRT |1|198.51.100.7|1025|'), /^500 /);
      assert.match(await s.ask('LIST'), /^503 /);
      assert.match(await s.ask('PORT 1,2,3'), /^501 /);
      s.end();
      const view = (await (await fetch(new URL(`/api/reflect/${nonce}`, agent.url))).json()) as {
        ports: { accepted: boolean; code: number }[];
        callbacks: unknown[];
      };
      assert.deepEqual(
        view.ports.map((p) => [p.accepted, p.code]),
        [
          [false, 500],
          [false, 500],
          [false, 501],
        ],
      );
      assert.deepEqual(view.callbacks, []);
    } finally {
      await agent.close();
    }
  });

  it('closes a session that sends an over-long line, or too many commands, or nothing before login', async () => {
    const agent = await startReflectorAgent({ maxCommands: 5 });
    try {
      const long = await session(agent.reflector.address.port);
      assert.match(await long.ask(`USER ${'a'.repeat(600)}`), /^500 Line too long/);
      long.end();
      const chatty = await session(agent.reflector.address.port);
      assert.match(await chatty.ask('LIST'), /^530 /);
      for (let i = 0; i < 4; i++) await chatty.ask('NOOP');
      assert.match(await chatty.ask('NOOP'), /^421 Too many commands/);
      chatty.end();
    } finally {
      await agent.close();
    }
  });
});
