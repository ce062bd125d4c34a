import { clientAddress } from '../facts/common.js';
import { addressesSeen, isShared, type SeenAddress } from '../facts/server-view.js';
import type { Rule } from './rule.js';

const where = (s: SeenAddress): string =>
  s.connection === 'check'
    ? `${s.said} on the check's connection`
    : s.connection === 'second'
      ? `${s.said} on a second connection`
      : `${s.said} refusing a data connection`;

export const clientPublicAddress: Rule<'client-public-address'> = {
  code: 'client-public-address',
  title: 'The server sees this machine under another address',
  severity: 'info',
  stage: 'connect',
  explanation:
    'Servers say which address a connection comes from (vsftpd in its reply to STAT: "Connected to …"). ' +
    "Here it is not this machine's own address: NAT translates the connections on the way, and this is the " +
    'public address servers see. It matters for active mode (the server must connect back to that address, ' +
    "through the NAT router) and for servers that accept a data connection only from the control connection's " +
    'address: when the NAT has several public addresses and gives each connection another one, the data ' +
    'connection comes from a different address than the control connection, and those servers refuse it ' +
    '(Pure-FTPd and vsftpd: "425 Security: Bad IP connecting").',
  likelyRule:
    'None by itself: NAT between this machine and the server. Different addresses per connection: NAT with ' +
    'several public addresses (an address pool, load balancing over several internet links, a ' +
    'carrier-grade NAT), which servers that check the data connection’s address refuse.',
  confirm: [
    "Compare this machine's address (`ip addr`, `ipconfig`) with the one the server names: `STAT` in any FTP client (`quote STAT`), or the server's log.",
    'Run the check several times: behind an address pool or load balancing the address changes between connections.',
  ],
  fix: [
    {
      role: 'user',
      text:
        'Use passive mode (active mode needs the router to forward the connection back). When the address ' +
        'changes per connection, use a network with one public address, or ask its admin for source NAT that ' +
        'keeps one address per client (sticky or persistent NAT).',
    },
    {
      role: 'network-admin',
      text:
        'For clients of FTP servers, make the NAT keep one public address per internal host: iptables ' +
        '`SNAT --to-source A-B --persistent`, or a load-balancing policy that is sticky per source address.',
    },
    {
      role: 'server-admin',
      text: "Only if clients behind such networks must be served: let the data connection come from another address than the control connection's (vsftpd `pasv_promiscuous=YES`; Pure-FTPd has no switch for it). This weakens a protection against data connection theft.",
    },
  ],
  match(o) {
    const seen = addressesSeen(o);
    const other = seen.filter((s) => s.address !== (s.local ?? clientAddress(o)));
    if (other.length === 0) return [];
    const [first] = other;
    if (!first) return [];
    const local = first.local ?? clientAddress(o) ?? 'unknown';
    const sentences = [
      `The server sees this machine as ${first.address} (${where(first)}); its own address is ${local}.`,
    ];
    const distinct = [...new Set(seen.map((s) => s.address))];
    const changes = distinct.length > 1;
    if (changes)
      sentences.push(
        `Not the same address on every connection: ${seen.map((s) => `${s.address} (${where(s)})`).join(', ')}.`,
      );
    if (isShared(local))
      sentences.push(
        `This machine's address ${local} is in the carrier-grade NAT range (100.64.0.0/10, RFC 6598): its ` +
          'provider translates its connections, and nothing can be forwarded back to it (active mode cannot work).',
      );
    const sharedSeen = distinct.filter(isShared);
    if (sharedSeen.length > 0)
      sentences.push(
        `The server sees ${sharedSeen.join(', ')}, an address of the carrier-grade NAT range (100.64.0.0/10, ` +
          "RFC 6598): it sits inside this machine's provider network, behind the provider's NAT.",
      );
    return [
      {
        evidence: sentences.join(' '),
        severity: changes ? 'warning' : undefined,
        likelyRule: changes
          ? 'NAT with several public addresses that gives each connection another one (an address pool, ' +
            'load balancing over several internet links): servers that accept data connections only from the ' +
            "control connection's address refuse them (425)."
          : undefined,
      },
    ];
  },
};
