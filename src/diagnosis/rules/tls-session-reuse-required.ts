import type { StageName } from '../../model/stages.js';
import { describeReply } from './wording/replies.js';
import { ranActive, ranPassive, sessionReuseRefused } from '../facts/common.js';
import type { Match, Rule } from './rule.js';

export const tlsSessionReuseRequired: Rule<'tls-session-reuse-required'> = {
  code: 'tls-session-reuse-required',
  title: 'The server requires TLS session reuse on data connections',
  severity: 'error',
  stage: 'passive',
  explanation:
    'The server refused a TLS data connection because it did not resume the TLS session of the control connection. ' +
    "Servers demand this (vsftpd's require_ssl_reuse, on by default) " +
    'so that nobody else can hijack the data connection. ftpcheck itself resumes the session, ' +
    'so this appears only when resumption failed: the session ticket did not arrive or was not accepted, ' +
    'which also breaks clients such as old curl builds or libraries without session reuse.',
  likelyRule:
    "No firewall rule: the server's TLS session-reuse requirement and the client's TLS session handling disagree.",
  confirm: [
    'With `--verbose`, the transcript shows "new session (not resumed)" on the data connection and the server\'s 522 (or 425) reply.',
    "The server's configuration has session reuse required (vsftpd `require_ssl_reuse=YES` is the default).",
  ],
  fix: [
    {
      role: 'user',
      text: 'Use a client that resumes TLS sessions on data connections (FileZilla, WinSCP, lftp, current curl).',
    },
    {
      role: 'server-admin',
      text:
        'Keep session reuse required if clients cope; otherwise vsftpd `require_ssl_reuse=NO`, ' +
        'ProFTPD `TLSOptions NoSessionReuseRequired`. ' +
        "With TLS 1.3, also check that the server's TLS library hands out session tickets.",
    },
  ],
  serverSettings: () => ({
    vsftpd: 'require_ssl_reuse=NO only if clients cannot resume sessions (it protects data connections)',
    proftpd: 'TLSOptions NoSessionReuseRequired, only if clients cannot resume sessions',
  }),
  match(o) {
    const out: Match[] = [];
    for (const [stage, run] of [
      ['passive', ranPassive(o)],
      ['active', ranActive(o)],
    ] as const) {
      const t = run?.transfer;
      if (run && t?.kind === 'rejected' && sessionReuseRefused(t, run.dataTls)) {
        out.push({
          stage: stage satisfies StageName,
          evidence: `The TLS data connection was refused: ${describeReply(t.reply)}.`,
        });
      }
    }
    return out;
  },
};
