import { replyText } from '../../protocol/reply.js';
import { formatEndpoint } from '../../protocol/address.js';
import { describeReply } from './wording/replies.js';
import { cutByDeadline, portAccepted, ranActive, type Ran } from '../facts/common.js';
import type { ActiveObservation } from '../../model/observations.js';
import type { Reply } from '../../model/exchanges.js';
import type { Rule } from './rule.js';

/**
 * The server answered the data command with a permanent error (5xx) and never connected back: it failed
 * or refused before trying any data connection, so no firewall had anything to drop. 425 and 426 are
 * left out: servers send them after their connection attempt failed, which is the network's story.
 */
export function activeServerError(a: Ran<ActiveObservation>): Reply | undefined {
  const r = a.listReply;
  if (!portAccepted(a) || a.callback?.kind === 'arrived' || r?.kind !== 'reply') return undefined;
  return r.reply.code >= 500 ? r.reply : undefined;
}

export const activeServerErrorRule: Rule<'active-server-error'> = {
  code: 'active-server-error',
  title: 'The server failed the active-mode transfer itself, before connecting back',
  severity: 'error',
  stage: 'active',
  explanation:
    'The server accepted PORT (or EPRT) but answered the listing with an error of its own instead of ' +
    'connecting back: it broke or refused before any data connection was tried, so no firewall was ' +
    'involved. Its reply says why. vsftpd answers "500 OOPS: vsf_sysutil_bind" when it cannot bind the ' +
    'source port of its connection back (port 20 with connect_from_port_20=YES): another process holds it, ' +
    'or vsftpd lacks the privilege to bind a port below 1024 (a container or a service without ' +
    'CAP_NET_BIND_SERVICE). A "500 OOPS" also ends that vsftpd session.',
  likelyRule:
    "A server-side fault or setting, named in the server's reply: no network rule (a firewall drops " +
    'connections silently and the server then answers 425).',
  confirm: [
    "With `--verbose`, the transcript shows the server's reply to LIST right after PORT, with no connection back.",
    "The server's log names the same error; passive mode (`curl --ftp-pasv ftp://HOST/`) is not affected.",
  ],
  fix: [
    { role: 'user', text: 'Use passive mode: the default of most clients.' },
    {
      role: 'server-admin',
      text:
        "Read the server's reply and log: for vsftpd's vsf_sysutil_bind, let it connect back from an " +
        'unprivileged port (below), or give it the privilege to bind port 20.',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'connect_from_port_20=NO in vsftpd.conf (or run it with CAP_NET_BIND_SERVICE so that it can bind port 20)',
    'pure-ftpd': 'run it with the privilege to bind port 20, or see its log for the reason',
    proftpd: 'see its log (SystemLog) for the reason; it connects back from an unprivileged port by default',
  }),
  match(o) {
    const a = ranActive(o);
    const reply = a && !cutByDeadline(o, 'active') ? activeServerError(a) : undefined;
    if (!a || !reply) return [];
    const evidence =
      `${a.command} ${formatEndpoint(a.listen)} was accepted, then LIST was answered ${describeReply(reply)} ` +
      'without the server connecting back.';
    // Any server's wording of a failed bind (vsftpd: "500 OOPS: vsf_sysutil_bind").
    const bind = /bind/i.test(replyText(reply));
    return [
      {
        evidence,
        likelyRule: bind
          ? 'The server could not bind the source port of its connection back (vsftpd: connect_from_port_20=YES ' +
            'while port 20 is taken or not permitted to it).'
          : undefined,
      },
    ];
  },
};
