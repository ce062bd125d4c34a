import type { FixStep } from '../../model/findings.js';
import { cutByDeadline, ranPassive, seconds } from '../facts.js';
import type { Rule } from '../rule.js';

/** Steps that open the passive range; MIN-MAX is the server's configured range, which includes `port`. */
export function passiveRangeSteps(port: number): FixStep[] {
  return [
    { role: 'server-admin', text: `Give the server a fixed passive port range MIN-MAX (this run was offered port ${port}): vsftpd \`pasv_min_port=MIN\` and \`pasv_max_port=MAX\`; ProFTPD \`PassivePorts MIN MAX\`; Pure-FTPd \`PassivePortRange MIN MAX\` (-p MIN:MAX); FileZilla Server "Use custom port range"; IIS "FTP Firewall Support" → "Data Channel Port Range".` },
    { role: 'network-admin', text: `Allow inbound TCP to that whole range on every firewall in front of the server: iptables \`iptables -A INPUT -p tcp --dport MIN:MAX -j ACCEPT\`; nftables \`nft add rule inet filter input tcp dport MIN-MAX accept\`; Windows \`New-NetFirewallRule -DisplayName "FTP passive" -Direction Inbound -Protocol TCP -LocalPort MIN-MAX -Action Allow\`; behind NAT, forward the same range to the server.` },
  ];
}

export const pasvDataFiltered: Rule<'pasv-data-filtered'> = {
  code: 'pasv-data-filtered',
  title: 'The passive data port is filtered',
  severity: 'error',
  stage: 'passive',
  explanation:
    'Login worked and the server offered a passive data port, but the connection to that port got no answer at all: its packets are silently dropped on the way. This is the classic "login works, but the directory listing hangs" failure. Port 21 is allowed through, the ports the server uses for data are not: the firewall in front of the server only opens 21, the NAT router forwards only 21, or a stateful firewall expects its FTP helper to open data ports on the fly and the helper is not active. It also happens when the client\'s own network only lets out a few ports.',
  likelyRule:
    "The server-side firewall drops inbound TCP to the passive port range (only port 21 is allowed), or the router forwards port 21 but not the passive range, or a stateful firewall relies on an FTP helper (Linux nf_conntrack_ftp, a router's FTP ALG) that is not attached to this connection.",
  fix: [
    { role: 'network-admin', text: 'On Linux firewalls that rely on connection tracking, the FTP helper must be attached explicitly (Linux 4.7+): `iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp` (nftables: a `ct helper` object of type "ftp"). This only works for unencrypted FTP; opening the range explicitly works for FTPS too.' },
    { role: 'user', text: 'If it works from another network (home, mobile), your own network blocks outbound connections to high ports: ask its admin to allow the server\'s passive range.' },
  ],
  match(o) {
    const p = ranPassive(o);
    if (p?.data?.kind !== 'timeout' || !p.dataTarget || cutByDeadline(o, 'passive')) return [];
    const { address, port } = p.dataTarget;
    const natHint = p.relation !== undefined && p.relation !== 'same' && p.relation !== 'foreign';
    return [{
      evidence: `The data connection to ${address}:${port} (from ${p.used?.command}) got no answer within ${seconds(p.data.ms)}.`,
      likelyRule: natHint
        ? 'The server is behind NAT (it advertised an internal address): the router forwards port 21 but not the passive port range, or its firewall drops it.'
        : undefined,
      fixFirst: passiveRangeSteps(port),
    }];
  },
};
