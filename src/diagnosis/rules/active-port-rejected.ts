import { replyText } from '../../protocol/reply.js';
import { formatEndpoint } from '../../protocol/address.js';
import { describeReplyResult } from './wording/replies.js';
import { clientBehindNat, ranActive } from '../facts/common.js';
import type { Rule } from './rule.js';

// How servers word "active mode is off" (vsftpd port_enable=NO: "550 Permission denied.", ftp-srv's
// blacklist: "502 Command blacklisted") versus "that is not your address" (vsftpd "500 Illegal PORT
// command.", Pure-FTPd "500 I won't open a connection to …", ftp-srv "500 The given address is not yours",
// FileZilla Server "421 Rejected command, requested IP address does not match control connection IP.").
const DISABLED =
  /permission denied|disabled|not allowed|blacklisted|not permitted|not implemented|unknown command|not understood|refused by policy/i;
const ADDRESS = /illegal|not yours|does not match|doesn't match|won't open|only to|foreign|bad address|address/i;

export const activePortRejected: Rule<'active-port-rejected'> = {
  code: 'active-port-rejected',
  title: 'The server refuses active mode (PORT/EPRT)',
  severity: 'error',
  stage: 'active',
  explanation:
    'In active mode the client tells the server, with PORT (or EPRT), where to connect back for the data. ' +
    'The server refused. Either active mode is switched off on the server, ' +
    'or the server refuses the address in the command because it is not the address it sees the client ' +
    'connect from: a client behind NAT announces its private address, and unless a router FTP helper ' +
    'rewrites the command, a careful server rejects it (this check protects against "FTP bounce" attacks).',
  likelyRule:
    'Active mode disabled on the server, or the client is behind NAT without an FTP-aware router, ' +
    'so the PORT address differs from the address the server sees.',
  confirm: [
    "With `--verbose`, the transcript shows PORT and the server's refusal.",
    '`curl -P - ftp://HOST/` fails the same way, while `curl --ftp-pasv ftp://HOST/` works.',
  ],
  fix: [
    { role: 'user', text: "Use passive mode: it is the default in most clients and works through the client's NAT." },
    {
      role: 'server-admin',
      text:
        'To allow active mode, enable it on the server (below). Do not switch off the check that the PORT address is ' +
        "the client's own (vsftpd `port_promiscuous`, ProFTPD `AllowForeignAddress`): it prevents FTP bounce attacks.",
    },
    {
      role: 'network-admin',
      text:
        "Behind NAT, active mode needs the router's FTP helper/ALG " +
        '(Linux: `iptables -t raw -A PREROUTING -p tcp --dport PORT -j CT --helper ftp` on the router plus nf_nat_ftp) ' +
        '— plain FTP only.',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'port_enable=YES in vsftpd.conf (keep port_promiscuous=NO)',
    proftpd: 'remove PORT/EPRT from any <Limit> denying them (keep AllowForeignAddress off)',
    'pure-ftpd': 'do not start it with -N/NoActive… options that refuse active mode',
    filezilla: 'Server settings → "Allow active mode"',
    iis: 'active mode is allowed unless an FTP request filter denies PORT/EPRT',
    'ftp-srv': 'remove PORT and EPRT from blacklist',
  }),
  match(o) {
    const a = ranActive(o);
    const r = a?.portExchange.result;
    if (!a || r?.kind !== 'reply' || r.reply.code < 300) return [];
    const text = replyText(r.reply);
    const evidence = `${a.command} ${formatEndpoint(a.listen)} was answered ${describeReplyResult(r)}.`;
    if (DISABLED.test(text) || r.reply.code === 502 || r.reply.code === 504 || r.reply.code === 550) {
      return [{ evidence, likelyRule: 'Active mode (PORT/EPRT) is disabled on the server.' }];
    }
    if (clientBehindNat(o)) {
      return [
        {
          evidence:
            `${evidence} ftpcheck is behind NAT: it announced its private address ${a.listen.address}, ` +
            'which differs from the public address the server sees.',
          likelyRule:
            'The client is behind NAT without an FTP-aware router (no ALG/helper rewrites PORT), ' +
            "and the server rejects a PORT address that differs from the connection's source.",
        },
      ];
    }
    if (ADDRESS.test(text)) {
      return [
        {
          evidence,
          likelyRule:
            'The server rejects the PORT address because it differs from the address ' +
            'it sees the client connect from: a NAT or proxy between client and server.',
        },
      ];
    }
    return [{ evidence }];
  },
};
