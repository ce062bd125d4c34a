// The session budget and what counts as a server limiting sessions per client: the refusals real
// servers send (vsftpd max_per_ip, Pure-FTPd -C, ProFTPD MaxClientsPerHost), a reset or close right
// after accept, a connection attempt without an answer — and what does not (a wrong password).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Address } from '../../src/model/observations.js';
import { SessionBudget, sessionLimitReason } from '../../src/probes/session-budget.js';
import type { FailedSession, SessionObservations } from '../../src/probes/session.js';

const address: Address = { address: '192.0.2.1', family: 4 };
const reply = (code: number, text: string) => ({ code, lines: [`${code} ${text}`] });
const failed = (at: FailedSession['at'], observed: SessionObservations): FailedSession => ({
  kind: 'failed',
  at,
  reason: 'whatever the session layer says',
  address,
  observed,
});

describe('session budget', () => {
  it('counts the check’s own session, gives out the rest, and takes back what is released', () => {
    const budget = new SessionBudget(3);
    assert.equal(budget.take(), true);
    assert.equal(budget.take(), true);
    assert.equal(budget.take(), false);
    budget.release();
    assert.equal(budget.take(), true);
  });

  it('a budget of 1 gives out nothing', () => {
    assert.equal(new SessionBudget(1).take(), false);
  });

  it('lowered, allows no more than are open, and keeps the first reason', () => {
    const budget = new SessionBudget(3);
    assert.equal(budget.take(), true);
    budget.release(); // refused: its slot comes back
    budget.lower('first');
    budget.lower('second');
    assert.equal(budget.limit, 1);
    assert.equal(budget.limited, 'first');
    assert.equal(budget.take(), false);
  });
});

describe('sessionLimitReason', () => {
  const limits: [string, FailedSession, RegExp][] = [
    [
      'vsftpd max_per_ip=1',
      failed('greeting', {
        greeting: {
          kind: 'rejected',
          ms: 1,
          reply: reply(421, 'There are too many connections from your internet address.'),
        },
      }),
      /too many connections/,
    ],
    [
      'Pure-FTPd -C 1',
      failed('greeting', {
        greeting: { kind: 'rejected', ms: 1, reply: reply(421, 'Too many connections (1) from this IP') },
      }),
      /Too many connections/,
    ],
    [
      'ProFTPD MaxClientsPerHost 1, in reply to USER',
      failed('login', {
        login: {
          kind: 'refused',
          ms: 1,
          user: 'anonymous',
          command: 'USER',
          reply: reply(530, 'Sorry, the maximum number of clients (1) from your host are already connected.'),
          tlsRequired: false,
          exchanges: [],
        },
      }),
      /530 .*maximum number of clients/,
    ],
    ['a reset right after accept', failed('greeting', { greeting: { kind: 'reset', ms: 1 } }), /closed right after/],
    ['a SYN without an answer', failed('connect', { connect: { kind: 'timeout', ms: 5000 } }), /no answer/],
  ];
  for (const [name, session, reason] of limits) {
    it(`a limit: ${name}`, () => assert.match(sessionLimitReason(session) ?? '', reason));
  }

  it('not a limit: a wrong password', () => {
    const session = failed('login', {
      login: {
        kind: 'refused',
        ms: 1,
        user: 'alice',
        command: 'PASS',
        reply: reply(530, 'Login incorrect.'),
        tlsRequired: false,
        exchanges: [],
      },
    });
    assert.equal(sessionLimitReason(session), undefined);
  });
});
