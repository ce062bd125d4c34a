import { describeReplyResult } from './wording/replies.js';
import { controlFailures, cutByDeadline } from '../facts/common.js';
import type { Rule } from './rule.js';

export const controlLost: Rule<'control-lost'> = {
  code: 'control-lost',
  title: 'The control connection stopped working mid-session',
  severity: 'error',
  stage: 'login',
  explanation:
    'After a normal greeting, the FTP control connection was closed, reset or stopped answering in ' +
    'the middle of the session. Either the server ended it (a crash, a session limit, ' +
    'a command it refuses by hanging up) or a device on the path did: firewalls and routers with FTP ' +
    'inspection ("FTP ALG", "inspect ftp") sometimes drop a connection when they see a command they do not ' +
    'understand or do not allow, and NAT or firewalls with very short idle timeouts forget the connection.',
  likelyRule:
    'An FTP-inspecting firewall or router (FTP ALG / inspection) that drops the connection after a ' +
    'command it rejects, a connection-tracking or NAT idle timeout, or the server ending the session.',
  confirm: [
    'Run ftpcheck again with `--verbose`: the transcript shows the last command before the connection broke.',
    'Run it again from another network: if it works there, a device on your path ends the connection.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Run again with --verbose to see the last command before the connection broke; try from another network to rule out your own firewall.',
    },
    {
      role: 'server-admin',
      text: "Check the server's log for the session: a crash, a session limit (vsftpd `idle_session_timeout`, ProFTPD `TimeoutIdle`), or a refused command.",
    },
    {
      role: 'network-admin',
      text:
        'If a firewall inspects FTP, look at its logs for drops on this connection; ' +
        'relax strict FTP inspection or exempt the server, and check idle timeouts for TCP state / NAT entries.',
    },
  ],
  match(o) {
    return controlFailures(o)
      .filter(
        (f) =>
          (f.result.kind === 'timeout' || f.result.kind === 'closed' || f.result.kind === 'reset') &&
          !cutByDeadline(o, f.stage),
      )
      .slice(0, 1)
      .map((f) => ({
        stage: f.stage,
        evidence: `The control connection failed after ${f.command}: ${describeReplyResult(f.result)}.`,
      }));
  },
};
