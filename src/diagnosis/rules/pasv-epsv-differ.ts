import { commandsDiffer } from '../facts/apart.js';
import { describeAttempt } from './wording/connections.js';
import type { Rule } from './rule.js';

export const pasvEpsvDiffer: Rule<'pasv-epsv-differ'> = {
  code: 'pasv-epsv-differ',
  title: 'PASV and EPSV data connections behave differently',
  severity: 'warning',
  stage: 'passive',
  explanation:
    'Passive mode has two commands: PASV (the server answers 227 with an address and a port) and EPSV ' +
    '(229, a port only). ftpcheck tested both, each with its own data connection, and the data port of one ' +
    'command was reachable while the port of the other was not, twice in a row. So passive mode works or ' +
    'hangs depending on the client: curl tries EPSV first, FileZilla uses PASV on IPv4. Something between the two machines reads the control connection and treats the two replies ' +
    'differently.',
  likelyRule:
    'An FTP-inspecting firewall or NAT helper (ALG) that opens the data port it reads from a 227 reply but ' +
    'does not understand 229 (EPSV); or the reverse: a connection-tracking helper (Linux nf_conntrack_ftp) ' +
    "that ignores a 227 naming another address than the server's own, as a server behind NAT does when told " +
    'its public address, while a 229 names no address and passes. If only part of the passive range is open, ' +
    'unlucky ports look the same: a sweep (`--sweep-pasv-range auto`) tells the two apart.',
  confirm: [
    '`curl -v --max-time 10 --ftp-pasv ftp://HOST/` (EPSV first) and `curl -v --max-time 10 --disable-epsv ftp://HOST/` (PASV only): one lists, the other hangs at the data connection.',
    'With `--verbose`, the transcript shows each command, the port it named and how its data connection ended.',
  ],
  fix: [
    {
      role: 'user',
      text:
        'Make the client use the command that works. curl: `--disable-epsv` for PASV only (curl tries EPSV ' +
        'first); lftp: `set ftp:prefer-epsv no` (or `yes` when EPSV is the one that works); FileZilla and ' +
        'WinSCP: the transfer settings of the site (passive mode, and the EPSV choice where the client has one).',
    },
    {
      role: 'network-admin',
      text:
        "Update or configure the firewall's FTP inspection so that it handles EPSV (229) as well as PASV (227), " +
        "or stop relying on it: open the server's passive port range explicitly (that also works for FTPS, " +
        'which no inspection can read).',
    },
    {
      role: 'network-admin',
      text:
        "Linux router or firewall with the FTP helper, server behind NAT: the helper opens PASV's port only when " +
        "the 227 names the server's own (private) address, which its NAT then rewrites; or load the helper with " +
        '`nf_conntrack_ftp loose=1`, or forward and allow the passive range explicitly.',
    },
    {
      role: 'server-admin',
      text:
        "Behind a router whose FTP helper rewrites PASV replies, leave the server's public-address setting " +
        '(vsftpd pasv_address, ProFTPD MasqueradeAddress) unset; otherwise give it a fixed passive port range that ' +
        'the firewall opens explicitly: then both commands work.',
    },
  ],
  match(o) {
    const d = commandsDiffer(o);
    if (!d) return [];
    const failed = d.failed.map(describeAttempt).join('; ');
    return [
      {
        evidence: `${d.fails}'s data port failed ${d.failed.length} times (${failed}), while ${describeAttempt(d.worked)}.`,
        likelyRule:
          d.fails === 'EPSV'
            ? 'An FTP-inspecting firewall or NAT helper (ALG) that opens the data port it reads from a 227 ' +
              'reply (PASV) but does not understand 229 (EPSV): clients that try EPSV first hang.'
            : 'A connection-tracking FTP helper (Linux nf_conntrack_ftp with loose=0, a router ALG) that ignores ' +
              "a 227 reply (PASV) naming another address than the server's own, as a server behind NAT sends when " +
              'told its public address (vsftpd pasv_address), or that mishandles 227 otherwise; EPSV, which names ' +
              'a port only, passes.',
      },
    ];
  },
};
