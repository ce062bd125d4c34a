import { describeReplyResult } from './wording/replies.js';
import { ranPassive } from '../facts/common.js';
import type { Rule } from './rule.js';

export const epsvUnsupported: Rule<'epsv-unsupported'> = {
  code: 'epsv-unsupported',
  title: 'The server does not support EPSV on IPv4',
  severity: 'info',
  stage: 'passive',
  explanation:
    'EPSV is the newer passive command (RFC 2428). On IPv4 the server refused it but PASV worked, ' +
    'so clients fall back to PASV and work. Over IPv6 only EPSV exists, so this server would need it there.',
  likelyRule: 'No rule: an older server or EPSV switched off; some FTP-inspecting firewalls also block EPSV.',
  confirm: ['With `--verbose`, the transcript shows the answer to EPSV.'],
  fix: [
    {
      role: 'server-admin',
      text: 'Update the server or enable EPSV if it can be turned off; check firewalls that inspect FTP for a "strict" mode that drops EPSV.',
    },
  ],
  match(o) {
    const p = ranPassive(o);
    const epsv = p?.requests.find((r) => r.command === 'EPSV');
    if (
      !p ||
      !epsv ||
      epsv.advertised !== undefined ||
      epsv.exchange.result.kind !== 'reply' ||
      p.used?.command !== 'PASV'
    )
      return [];
    return [{ evidence: `EPSV was answered ${describeReplyResult(epsv.exchange.result)}; PASV worked.` }];
  },
};
