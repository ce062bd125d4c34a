import { describeReplyResult, ranPassive } from '../facts.js';
import type { Rule } from '../rule.js';

export const pasvRejected: Rule<'pasv-rejected'> = {
  code: 'pasv-rejected',
  title: 'The server refuses passive mode',
  severity: 'error',
  stage: 'passive',
  explanation:
    'Asked for a passive data port (PASV, or EPSV), the server answered with an error or with a reply ftpcheck could not use. Most clients use passive mode because it works through the client\'s NAT; without it they must fall back to active mode, which most client networks block. When only one of PASV and EPSV is refused, clients that use the other one still work, so this is a warning then.',
  likelyRule: 'Passive mode disabled or not configured on the server; less often a firewall with strict FTP inspection that blocks the command.',
  fix: [
    { role: 'server-admin', text: 'Enable passive mode: vsftpd `pasv_enable=YES` (with `pasv_min_port`/`pasv_max_port`); ProFTPD `PassivePorts`; Pure-FTPd `-p`/`PassivePortRange`; FileZilla Server passive mode settings; IIS "FTP Firewall Support" data channel port range. Servers that need their public address configured (ftp-srv\'s `pasv_url`) refuse PASV until it is set.' },
    { role: 'network-admin', text: 'If a firewall inspects FTP strictly, allow PASV and EPSV commands on it.' },
    { role: 'user', text: 'Until it is fixed, active mode may work from a network without NAT (see the active stage).' },
  ],
  match(o) {
    const p = ranPassive(o);
    if (!p) return [];
    const refused = p.requests.filter((r) => r.exchange.result.kind === 'reply' && r.advertised === undefined);
    // Only PASV refused while EPSV worked: the info finding epsv-unsupported covers the reverse.
    const pasvRefused = refused.some((r) => r.command === 'PASV');
    const onlyEpsvAsked = p.requests.length === 1;
    if (p.used === undefined && refused.length > 0 && refused.length === p.requests.length) {
      return [{ evidence: `Passive mode was refused: ${refused.map((r) => `${r.command} → ${describeReplyResult(r.exchange.result)}`).join('; ')}.` }];
    }
    if (pasvRefused && p.used?.command === 'EPSV' && !onlyEpsvAsked) {
      const pasv = refused.find((r) => r.command === 'PASV');
      return [{
        severity: 'warning',
        evidence: `PASV was refused (${pasv ? describeReplyResult(pasv.exchange.result) : 'no usable reply'}) but EPSV worked: clients that only use PASV (many on IPv4) cannot use passive mode.`,
      }];
    }
    return [];
  },
};
