import { describeConnect } from './wording/connections.js';
import { cutByDeadline } from '../facts/common.js';
import type { Rule } from './rule.js';

export const controlFiltered: Rule<'control-filtered'> = {
  code: 'control-filtered',
  title: 'The connection to the FTP port gets no answer (filtered)',
  severity: 'error',
  stage: 'connect',
  explanation:
    'ftpcheck sent a TCP connection request (SYN) to the FTP control port and nothing came back: ' +
    'no acceptance, no refusal. Something on the way silently discards the packets. ' +
    'A host that is up but has nothing listening would refuse at once, so this is almost always a firewall ' +
    'that drops, or a router that has no port forward for this port and drops what it cannot deliver.',
  likelyRule:
    "A DROP rule for inbound TCP to the control port on the server's firewall or the one in front of it, " +
    'or a router/NAT without a port forward for it; ' +
    'less often an outbound rule on this side that drops traffic to that port.',
  confirm: [
    'From this machine: `nc -vz -w 5 HOST PORT` (or `Test-NetConnection HOST -Port PORT` in PowerShell) hangs and times out.',
    'On the server: `tcpdump -ni any tcp port PORT` shows no SYN arriving (dropped before it) or SYNs without answers (dropped on the server).',
  ],
  fix: [
    {
      role: 'user',
      text:
        'Try from another network (a phone hotspot, for instance): ' +
        'if it works there, the block is on your side (office firewall or proxy that only allows web traffic).',
    },
    {
      role: 'server-admin',
      text: 'Make sure the FTP server runs and listens on the port (`ss -ltnp` on Linux, `netstat -ano | findstr :PORT` on Windows).',
    },
    {
      role: 'network-admin',
      text:
        'Allow inbound TCP to the port: iptables `iptables -A INPUT -p tcp --dport PORT -j ACCEPT`; ' +
        'nftables `nft add rule inet filter input tcp dport PORT accept`; ' +
        'Windows `New-NetFirewallRule -DisplayName "FTP" -Direction Inbound -Protocol TCP -LocalPort PORT -Action Allow`.',
    },
    {
      role: 'network-admin',
      text: "Behind a router: forward the FTP port (TCP `PORT`) from the router's public address to the server's LAN address (and later the passive port range too).",
    },
  ],
  match(o) {
    const c = o.connect;
    if (c?.kind !== 'timeout' || cutByDeadline(o, 'connect')) return [];
    return [{ evidence: `Connecting to port ${o.target.port}: ${describeConnect(c)}.` }];
  },
};
