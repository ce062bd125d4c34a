import { describeExchange, describeReplyResult } from './wording/replies.js';
import { ranPassive } from '../facts/common.js';
import type { Rule } from './rule.js';

export const pasvRejected: Rule<'pasv-rejected'> = {
  code: 'pasv-rejected',
  title: 'The server refuses passive mode',
  severity: 'error',
  stage: 'passive',
  explanation:
    'Asked for a passive data port (PASV, or EPSV), the server answered with an error or with a reply ' +
    "ftpcheck could not use. Most clients use passive mode because it works through the client's NAT; " +
    'without it they must fall back to active mode, which most client networks block. ' +
    'When only one of PASV and EPSV is refused, ' +
    'clients that use the other one still work, so this is a warning then.',
  likelyRule:
    'Passive mode disabled or not configured on the server; less often a firewall with strict FTP inspection that blocks the command.',
  confirm: [
    "With `--verbose`, the transcript shows the server's answer to PASV and EPSV.",
    'In an FTP client, `quote PASV` shows the same error.',
  ],
  fix: [
    {
      role: 'server-admin',
      text: 'Enable passive mode on the server (the setting for each server is below), and give it a fixed port range to open on the firewall.',
    },
    { role: 'network-admin', text: 'If a firewall inspects FTP strictly, allow PASV and EPSV commands on it.' },
    {
      role: 'user',
      text: 'Until it is fixed, active mode may work from a network without NAT (see the active stage).',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'pasv_enable=YES, with pasv_min_port and pasv_max_port, in vsftpd.conf',
    proftpd: 'PassivePorts MIN MAX in proftpd.conf (passive mode is on by default)',
    'pure-ftpd': 'PassivePortRange MIN MAX; passive mode is on by default',
    filezilla: 'Server settings → Passive mode: a port range and the public address',
    iis: 'FTP Firewall Support: "Data Channel Port Range" and the external address',
    'ftp-srv': 'pasv_url (ftp-srv answers PASV with 502 until it is set) and remove PASV/EPSV from blacklist',
  }),
  match(o) {
    const p = ranPassive(o);
    if (!p) return [];
    const refused = p.requests.filter((r) => r.exchange.result.kind === 'reply' && r.advertised === undefined);
    // Only PASV refused while EPSV worked: the info finding epsv-unsupported covers the reverse.
    const pasvRefused = refused.some((r) => r.command === 'PASV');
    const onlyEpsvAsked = p.requests.length === 1;
    if (p.used === undefined && refused.length > 0 && refused.length === p.requests.length) {
      return [
        {
          evidence: `Passive mode was refused (${refused.map((r) => describeExchange(r.command, r.exchange.result)).join('; ')}).`,
        },
      ];
    }
    if (pasvRefused && p.used?.command === 'EPSV' && !onlyEpsvAsked) {
      const pasv = refused.find((r) => r.command === 'PASV');
      return [
        {
          severity: 'warning',
          evidence:
            `PASV was refused (${pasv ? describeReplyResult(pasv.exchange.result) : 'no usable reply'}) ` +
            'but EPSV worked: clients that only use PASV (many on IPv4) cannot use passive mode.',
        },
      ];
    }
    return [];
  },
};
