import { describeGreeting, describeViolation } from './wording/replies.js';
import { sentence } from './wording/phrases.js';
import { controlFailures } from '../facts/common.js';
import type { Rule } from './rule.js';

export const protocolViolation: Rule<'protocol-violation'> = {
  code: 'protocol-violation',
  title: 'The server breaks the FTP protocol',
  severity: 'error',
  stage: 'greeting',
  explanation:
    'What came back on the control connection is not valid FTP: a line without end, a reply that never finishes, ' +
    'or text without a reply code. ftpcheck stops reading at fixed limits so that a broken or hostile ' +
    'peer cannot exhaust memory. Real FTP servers do not do this; it points to a broken server, ' +
    'a device that injects or mangles data on the connection, or a service that only pretends to be FTP.',
  likelyRule:
    'A broken or non-FTP service on the port, or a middlebox that corrupts the control connection; not a packet filter.',
  confirm: ['`nc HOST PORT | head -c 300 | od -c` shows what the server really sends.'],
  fix: [
    { role: 'user', text: "Run again with --verbose and attach the transcript to a ticket for the server's admin." },
    {
      role: 'server-admin',
      text: 'Check which program listens on the port (`ss -ltnp`) and its version; update or replace it.',
    },
    {
      role: 'network-admin',
      text: 'If a proxy or inspection device sits in front of the server, test without it to see whether it alters the connection.',
    },
  ],
  match(o) {
    if (o.greeting?.kind === 'violation')
      return [{ stage: 'greeting', evidence: `${sentence(describeGreeting(o.greeting))}.` }];
    return controlFailures(o)
      .flatMap((f) =>
        f.result.kind === 'violation'
          ? [
              {
                stage: f.stage,
                evidence: `In reply to ${f.command}, the server ${describeViolation(f.result.reason)}.`,
              },
            ]
          : [],
      )
      .slice(0, 1);
  },
};
