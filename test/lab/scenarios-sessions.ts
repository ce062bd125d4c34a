// Lab scenarios of one area: servers and firewalls that limit how many sessions one client address may
// open. A check runs its active stage on a second session beside the first (--max-sessions); where the
// second is refused or never answered, the check goes on in one line and the report is that of a
// healthy server: no finding may come from the limit.
import { ipt, PUBLIC, type Scenario } from './scenario-kit.js';

/** Shared hosting's rate limit per source: new connections to port 21 beyond `allowed` within a minute are dropped. */
function newConnectionsPerMinute(allowed: number): string[][] {
  const recent = ['-p', 'tcp', '--dport', '21', '--syn', '-m', 'recent', '--name', 'ftpcheck-lab'];
  return [
    ipt('-A', 'FORWARD', ...recent, '--rcheck', '--seconds', '60', '--hitcount', String(allowed), '-j', 'DROP'),
    ipt('-A', 'FORWARD', ...recent, '--set', '-j', 'ACCEPT'),
  ];
}

export const SESSION_SCENARIOS: Scenario[] = [
  {
    // vsftpd answers a second session from the same address "421 There are too many connections…".
    name: 'sessions: vsftpd allows one session per client address (max_per_ip=1)',
    topology: PUBLIC,
    server: { max_per_ip: '1' },
    // The lab's round trip is short: without the option the check would not open a second session.
    client: { args: ['--max-sessions', '3'] },
    expect: { verdict: 'ok', codes: [], absent: ['active-source-port-not-20'], activeSourcePort: 20 },
  },
  {
    // CSF's PORTFLOOD or an iptables `recent` rule: the third new connection within a minute is dropped.
    name: 'sessions: a firewall drops the third new connection to port 21 within a minute',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: newConnectionsPerMinute(2) },
    // The lab's round trip is short: without the option the check would not open a second session.
    client: { args: ['--max-sessions', '3'] },
    expect: { verdict: 'ok', codes: [], absent: ['active-source-port-not-20'], activeSourcePort: 20 },
  },
  {
    // Stricter still: the second new connection's SYN goes unanswered while the first session works.
    name: 'sessions: a firewall drops the second new connection to port 21 within a minute',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: newConnectionsPerMinute(1) },
    // The lab's round trip is short: without the option the check would not open a second session.
    client: { args: ['--max-sessions', '3'] },
    expect: { verdict: 'ok', codes: [], absent: ['active-source-port-not-20'], activeSourcePort: 20 },
  },
];
