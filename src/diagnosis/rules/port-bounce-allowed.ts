import { formatEndpoint } from '../../protocol/address.js';
import { describeReplyResult } from './wording/replies.js';
import type { Rule } from './rule.js';

export const portBounceAllowed: Rule<'port-bounce-allowed'> = {
  code: 'port-bounce-allowed',
  title: 'The server accepts PORT to a third party (FTP bounce)',
  severity: 'warning',
  stage: 'login',
  explanation:
    'With --audit, ftpcheck sent PORT (EPRT on IPv6) naming a documentation address that is not its own and ' +
    'belongs to nobody, and the server accepted it: it would open the next data connection to that third ' +
    'party. That is the FTP bounce attack (RFC 2577): anyone who can log in can make the server connect to ' +
    'other hosts and ports — to scan networks behind it, or to send data from the server’s address. ' +
    'ftpcheck sent no data command after it, so nothing was connected to.',
  likelyRule:
    'None: a server setting that lets PORT name any address (vsftpd `port_promiscuous=YES`, ProFTPD ' +
    '`AllowForeignAddress on`, FXP switched on).',
  confirm: [
    'Log in with any client and send `PORT 192,0,2,1,4,1` (`quote PORT …`): a 200 reply means the server accepts it.',
    '`nmap -p PORT --script ftp-bounce HOST` reports "bounce working!".',
  ],
  fix: [
    {
      role: 'server-admin',
      text: 'Refuse PORT and EPRT that name another address than the client’s own (the default of most servers).',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'port_promiscuous=NO in vsftpd.conf (the default)',
    proftpd: 'AllowForeignAddress off in proftpd.conf (the default)',
    'pure-ftpd': 'no -w / -W option (AllowUserFXP / AllowAnonymousFXP no): FXP off',
    filezilla: 'Server settings → Security: do not allow FXP (data connections to other addresses)',
    iis: 'system.ftpServer/security/dataChannelSecurity matchClientAddressForPort="true" (the default)',
    'ftp-srv': 'refuses PORT to other addresses by itself ("500 The given address is not yours")',
  }),
  match(o) {
    const b = o.bounce;
    if (b?.kind !== 'ran') return [];
    const r = b.exchange.result;
    if (r.kind !== 'reply' || r.reply.code < 200 || r.reply.code >= 300) return [];
    return [
      {
        evidence:
          `\`${b.exchange.command}\` (naming ${formatEndpoint(b.target)}, a documentation address) was answered ` +
          `${describeReplyResult(r)}; ftpcheck sent no data command after it.`,
      },
    ];
  },
};
