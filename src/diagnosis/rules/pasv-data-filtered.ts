import type { FixStep } from '../../model/findings.js';
import type { ServerKind } from '../../model/server.js';
import { cutByDeadline, ranPassive, seconds } from '../facts.js';
import type { Observed, Rule } from '../rule.js';

/** Where each server is given a fixed passive port range, to open on the firewall. */
export function passiveRangeSettings(v: Observed): Partial<Record<ServerKind, string>> {
  const hint = `a range MIN-MAX that includes port ${v.passivePort}`;
  return {
    vsftpd: `pasv_min_port=MIN and pasv_max_port=MAX in vsftpd.conf (${hint})`,
    proftpd: `PassivePorts MIN MAX in proftpd.conf (${hint})`,
    'pure-ftpd': `PassivePortRange MIN MAX (option -p MIN:MAX; ${hint})`,
    filezilla: `Server settings → Passive mode → "Use custom port range" (${hint})`,
    iis: `FTP Firewall Support → "Data Channel Port Range" (${hint})`,
    'ftp-srv': `pasv_min: MIN, pasv_max: MAX (${hint})`,
  };
}

/** Opening that range on the firewalls in front of the server. */
export const OPEN_PASSIVE_RANGE: FixStep = {
  role: 'network-admin',
  text: 'Allow inbound TCP to the passive range on every firewall in front of the server: iptables `iptables -A INPUT -p tcp --dport MIN:MAX -j ACCEPT` (FORWARD on a router); nftables `nft add rule inet filter input tcp dport MIN-MAX accept`; Windows `New-NetFirewallRule -DisplayName "FTP passive" -Direction Inbound -Protocol TCP -LocalPort MIN-MAX -Action Allow`; behind NAT, forward the same range to the server.',
};

export const pasvDataFiltered: Rule<'pasv-data-filtered'> = {
  code: 'pasv-data-filtered',
  title: 'The passive data port is filtered',
  severity: 'error',
  stage: 'passive',
  explanation:
    'Login worked and the server offered a passive data port, but the connection to that port got no answer at all: its packets are silently dropped on the way. This is the classic "login works, but the directory listing hangs" failure. Port 21 is allowed through, the ports the server uses for data are not: the firewall in front of the server only opens 21, the NAT router forwards only 21, or a stateful firewall expects its FTP helper to open data ports on the fly and the helper is not active. It also happens when the client\'s own network only lets out a few ports.',
  likelyRule:
    "The server-side firewall drops inbound TCP to the passive port range (only port 21 is allowed), or the router forwards port 21 but not the passive range (or forwards it to an address where no host answers), or a stateful firewall relies on an FTP helper (Linux nf_conntrack_ftp, a router's FTP ALG) that is not attached to this connection.",
  confirm: [
    "Run `ftpcheck HOST --mode passive` twice: a different passive port times out each time.",
    "`nc -vz -w 5 HOST PORT` for the offered port hangs, while `nc -vz HOST 21` connects.",
    "On the server: `tcpdump -ni any tcp portrange MIN-MAX` shows no SYNs arriving (dropped before the server) or SYNs without answers (dropped on it).",
  ],
  fix: [
    OPEN_PASSIVE_RANGE,
    { role: 'network-admin', text: 'On Linux firewalls that rely on connection tracking, the FTP helper must be attached explicitly (Linux 4.7+): `iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp` (nftables: a `ct helper` object of type "ftp"). This only works for unencrypted FTP; opening the range explicitly works for FTPS too.' },
    { role: 'user', text: 'If it works from another network (home, mobile), your own network blocks outbound connections to high ports: ask its admin to allow the server\'s passive range.' },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    const p = ranPassive(o);
    if (p?.data?.kind !== 'timeout' || !p.dataTarget || cutByDeadline(o, 'passive')) return [];
    const { address, port } = p.dataTarget;
    const natHint = p.relation !== undefined && p.relation !== 'same' && p.relation !== 'foreign';
    return [{
      evidence: `The data connection to ${address}:${port} (from ${p.used?.command}) got no answer within ${seconds(p.data.ms)}.`,
      likelyRule: natHint
        ? 'The server is behind NAT (it advertised an internal address): the router forwards port 21 but not the passive port range (or forwards it to the wrong address), or its firewall drops it.'
        : undefined,
    }];
  },
};
