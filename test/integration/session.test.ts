// The session layer against real loopback servers: an open session, a failure at each step (connect,
// greeting, tls, login) as a tagged result with the steps' observations, the fallback to the other
// address family, and the step runner through which the pipeline records each step as its stage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { type Fixture, type FixtureName, startEmbeddedServer, startFixture } from '../../fixtures/index.js';
import { ignoreError } from '../../src/model/errors.js';
import { ANONYMOUS_PASSWORD } from '../../src/model/settings.js';
import { deadlineAfter } from '../../src/net/deadline.js';
import { Transcript } from '../../src/net/transcript.js';
import type { ProbeContext } from '../../src/probes/context.js';
import {
  openSession,
  type SessionPlan,
  type SessionResult,
  type SessionStage,
  type SessionTls,
  type StepRunner,
} from '../../src/probes/session.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { freePort } from '../helpers/loopback.js';
import { forSuite } from '../helpers/suite.js';

const ANONYMOUS = { user: 'anonymous', password: ANONYMOUS_PASSWORD };

function context(tls?: SessionTls['settings']): ProbeContext {
  return {
    timeoutMs: 2000,
    deadline: deadlineAfter(20_000),
    transcript: new Transcript(Date.now()),
    maxDataBytes: 1024 * 1024,
    tls,
  };
}

function planTo(port: number, extra: Partial<SessionPlan> = {}): SessionPlan {
  return {
    target: { address: { address: '127.0.0.1', family: 4 }, port, otherFamily: undefined },
    tls: undefined,
    login: ANONYMOUS,
    ...extra,
  };
}

/** Opens a session and always closes what it opened, whatever the assertions do. */
async function withSession(
  plan: SessionPlan,
  ctx: ProbeContext,
  check: (result: SessionResult) => void | Promise<void>,
  runStep?: StepRunner,
): Promise<void> {
  const result = await openSession(plan, ctx, runStep);
  try {
    await check(result);
  } finally {
    if (result.kind === 'open') result.control.close();
  }
}

async function withFixture(name: FixtureName, body: (fixture: Fixture) => Promise<void>): Promise<void> {
  const fixture = await startFixture(name);
  try {
    await body(fixture);
  } finally {
    await fixture.close();
  }
}

describe('openSession', () => {
  it('opens a session: connect, greeting, tls (not asked for) and login, each observed', async () => {
    await withFixture('healthy', async (fixture) => {
      await withSession(planTo(fixture.port), context(), (result) => {
        assert.equal(result.kind, 'open');
        assert.equal(result.control.isOpen, true);
        assert.deepEqual(result.address, { address: '127.0.0.1', family: 4 });
        assert.equal(result.protect, false);
        assert.deepEqual(Object.keys(result.observed), ['connect', 'greeting', 'tls', 'login']);
        assert.equal(result.observed.connect?.kind, 'connected');
        assert.equal(result.observed.greeting?.kind, 'greeted');
        assert.equal(result.observed.tls?.kind, 'not-run');
        assert.equal(result.observed.login?.kind, 'logged-in');
      });
    });
  });

  it('stops after the greeting when nobody is to log in', async () => {
    await withFixture('healthy', async (fixture) => {
      await withSession(planTo(fixture.port, { login: undefined }), context(), async (result) => {
        assert.equal(result.kind, 'open');
        assert.equal(result.observed.login, undefined);
        const reply = await result.control.command('SYST', { ms: 2000, cut: false });
        assert.equal(reply.kind === 'reply' && reply.reply.code, 215);
      });
    });
  });

  it('fails at connect when nothing listens', async () => {
    const port = await freePort();
    await withSession(planTo(port), context(), (result) => {
      assert.equal(result.kind, 'failed');
      assert.equal(result.at, 'connect');
      assert.equal(result.reason, 'could not connect again (refused)');
      assert.equal(result.observed.connect?.kind, 'refused');
      assert.equal(result.observed.greeting, undefined);
    });
  });

  it('fails at connect when implicit TLS meets a plain FTP server', async () => {
    await withFixture('healthy', async (fixture) => {
      const tls: SessionTls = { mode: 'implicit', settings: { servername: '127.0.0.1', ca: undefined } };
      await withSession(planTo(fixture.port, { tls }), context(tls.settings), (result) => {
        assert.equal(result.kind, 'failed');
        assert.equal(result.at, 'connect');
        assert.equal(result.observed.connect?.kind, 'connected');
        assert.equal(result.observed.tls?.kind === 'ran' && result.observed.tls.handshake.kind, 'failed');
      });
    });
  });

  it('fails at greeting on a 421, and on silence when the wait runs out', async () => {
    await withFixture('greet-421', async (fixture) => {
      await withSession(planTo(fixture.port), context(), (result) => {
        assert.equal(result.kind === 'failed' && result.at, 'greeting');
        assert.equal(result.observed.greeting?.kind, 'rejected');
      });
    });
    await withFixture('silent', async (fixture) => {
      const ctx = { ...context(), timeoutMs: 300 };
      await withSession(planTo(fixture.port), ctx, (result) => {
        assert.equal(result.kind === 'failed' && result.at, 'greeting');
        assert.equal(result.kind === 'failed' && result.reason, 'no greeting on a new connection (silent)');
        assert.equal(result.observed.greeting?.kind, 'silent');
      });
    });
  });

  it('fails at tls when AUTH TLS is refused', async () => {
    await withFixture('healthy', async (fixture) => {
      const tls: SessionTls = { mode: 'explicit', settings: { servername: '127.0.0.1', ca: undefined } };
      await withSession(planTo(fixture.port, { tls }), context(tls.settings), (result) => {
        assert.equal(result.kind === 'failed' && result.at, 'tls');
        assert.equal(result.kind === 'failed' && result.reason, 'AUTH TLS failed on a new connection');
        assert.equal(result.observed.tls?.kind, 'auth-refused');
        assert.equal(result.observed.login, undefined);
      });
    });
  });

  it('fails at login when the server refuses the user', async () => {
    await withFixture('tls-required', async (fixture) => {
      await withSession(planTo(fixture.port), context(), (result) => {
        assert.equal(result.kind === 'failed' && result.at, 'login');
        assert.equal(result.kind === 'failed' && result.reason, 'could not log in again (530 to USER)');
        assert.equal(result.observed.login?.kind, 'refused');
      });
    });
  });

  it('falls back to the other address family when the first address cannot be reached at all', async () => {
    await withFixture('healthy', async (fixture) => {
      // A link-local address without a scope: the kernel refuses the connect (EINVAL) before any packet.
      const plan = planTo(fixture.port, {
        target: {
          address: { address: 'fe80::1', family: 6 },
          port: fixture.port,
          otherFamily: { address: '127.0.0.1', family: 4 },
        },
      });
      await withSession(plan, context(), (result) => {
        assert.equal(result.kind, 'open');
        assert.deepEqual(result.address, { address: '127.0.0.1', family: 4 });
        assert.equal(result.observed.addressFallback?.address, 'fe80::1');
        assert.equal(result.observed.addressFallback.family, 6);
        assert.equal(result.observed.addressFallback.result.kind, 'error');
        assert.equal(result.observed.connect?.kind, 'connected');
      });
    });
  });

  it('tries the other family at once when the first address refuses, and says so', async () => {
    await withFixture('healthy', async (fixture) => {
      // The fixture listens on 127.0.0.1 only: the same port on ::1 refuses.
      const plan = planTo(fixture.port, {
        target: {
          address: { address: '::1', family: 6 },
          port: fixture.port,
          otherFamily: { address: '127.0.0.1', family: 4 },
        },
      });
      await withSession(plan, context(), (result) => {
        assert.equal(result.kind, 'open');
        assert.deepEqual(result.address, { address: '127.0.0.1', family: 4 });
        assert.equal(result.observed.addressFallback?.address, '::1');
        assert.equal(result.observed.addressFallback.result.kind, 'refused');
      });
    });
  });

  it('keeps the first address when it connects, with no fallback', async () => {
    await withFixture('healthy', async (fixture) => {
      const plan = planTo(fixture.port, {
        target: {
          address: { address: '127.0.0.1', family: 4 },
          port: fixture.port,
          otherFamily: { address: '::1', family: 6 },
        },
      });
      await withSession(plan, context(), (result) => {
        assert.equal(result.kind, 'open');
        assert.deepEqual(result.address, { address: '127.0.0.1', family: 4 });
        assert.equal(result.observed.addressFallback, undefined);
      });
    });
  });

  it('reports the first address when neither family connects', async () => {
    const port = await freePort();
    const plan = planTo(port, {
      target: {
        address: { address: '::1', family: 6 },
        port,
        otherFamily: { address: '127.0.0.1', family: 4 },
      },
    });
    await withSession(plan, context(), (result) => {
      assert.equal(result.kind === 'failed' && result.at, 'connect');
      assert.equal(result.observed.connect?.kind, 'refused');
      assert.equal(result.observed.addressFallback, undefined);
    });
  });

  it('runs every step through the step runner', async () => {
    await withFixture('healthy', async (fixture) => {
      const stages: SessionStage[] = [];
      const recording: StepRunner = (stage, step) => {
        stages.push(stage);
        return step();
      };
      await withSession(planTo(fixture.port), context(), (result) => assert.equal(result.kind, 'open'), recording);
      assert.deepEqual(stages, ['connect', 'greeting', 'tls', 'login']);
    });
  });

  it('stops where the step runner declines a step, and closes the connection', async () => {
    // A server that greets and tells when the client's connection ends.
    let ended: (() => void) | undefined;
    const gone = new Promise<void>((resolve) => (ended = resolve));
    const clients = new Set<Socket>();
    const server = createServer((socket) => {
      clients.add(socket);
      // A reset ends the connection like a FIN: 'close' tells.
      socket.on('error', ignoreError);
      socket.on('close', () => ended?.());
      // Read (and drop) what comes, or the client's FIN would never be noticed.
      socket.resume();
      socket.write('220 hello\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const noTls: StepRunner = async (stage, step) => (stage === 'tls' ? undefined : step());
      await withSession(
        planTo(port),
        context(),
        (result) => {
          assert.equal(result.kind === 'failed' && result.at, 'tls');
          assert.equal(result.observed.greeting?.kind, 'greeted');
          assert.equal(result.observed.tls, undefined);
        },
        noTls,
      );
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        gone.then(() => 'closed'),
        new Promise((resolve) => (timer = setTimeout(resolve, 5000, 'still open'))),
      ]);
      clearTimeout(timer);
      assert.equal(waited, 'closed');
    } finally {
      for (const socket of clients) socket.destroy();
      server.close();
    }
  });
});

describe(
  'openSession with TLS (ftp-srv, implicit)',
  { skip: opensslAvailable() ? false : 'the openssl command is not installed (needed to make test certificates)' },
  () => {
    const certs = forSuite(makeCerts, (c) => c.cleanup());

    it('opens an implicit FTPS session with protected data connections', async () => {
      const server = await startEmbeddedServer({ port: 0, tls: certs().good });
      try {
        const settings = { servername: '127.0.0.1', ca: readFileSync(certs().caFile, 'utf8') };
        const tls: SessionTls = { mode: 'implicit', settings };
        await withSession(planTo(server.port, { tls }), context(settings), (result) => {
          assert.equal(result.kind, 'open');
          assert.equal(result.control.isTls, true);
          assert.equal(result.protect, true);
          const observedTls = result.observed.tls;
          assert.equal(observedTls?.kind === 'ran' && observedTls.mode, 'implicit');
          const handshake = observedTls?.kind === 'ran' ? observedTls.handshake : undefined;
          assert.equal(
            handshake?.kind === 'established' && handshake.certificate?.trusted,
            true,
            'the certificate is described, and trusted through the CA',
          );
        });
      } finally {
        await server.close();
      }
    });
  },
);
