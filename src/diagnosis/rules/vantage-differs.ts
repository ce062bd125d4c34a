// vantage-differs compares the reports of one target from several vantages (--from here --from URL):
// it is not about one check, so its match() over one check's observations finds nothing by design.
// The comparison itself is diagnosis/assembly/vantages.ts (compareVantages), which builds its findings from
// this article; this file is where the code is documented, like every other code.
import type { Rule } from './rule.js';

export const vantageDiffers: Rule<'vantage-differs'> = {
  code: 'vantage-differs',
  title: 'The same server works from one vantage and fails from another',
  severity: 'warning',
  stage: 'connect',
  explanation:
    'The target was checked from several places at once (`--from here --from URL`): from one of them a ' +
    'connection works, from another the same connection fails. Whatever blocks it depends on where the ' +
    'connection comes from. Which place counts as inside is read from what each vantage connected to: a ' +
    'vantage that reached the server at a private, unique-local or loopback address is inside its network; ' +
    'one whose own address is public is outside; one with a private address that reached a public one sits ' +
    "behind NAT (its own router, or the server's when the name resolves to the public address on the LAN too). " +
    'Works inside and fails outside: the path from the internet (the port forward, the edge firewall). ' +
    "Works outside and fails inside: the failing vantage's network (an egress filter), or a router that does " +
    'not loop connections to its own public address back in (hairpin NAT).',
  likelyRule:
    'Inside works, outside fails: the router does not forward the connection (control port, passive range) ' +
    'or the edge firewall drops it; for the active callback, the firewall does not let the server connect ' +
    "out. Outside works, inside fails: the local network's egress filter, or missing hairpin NAT (NAT " +
    'loopback). Both outside: a rule by source address (allow list, geo-blocking, a ban after failed logins).',
  confirm: [
    'Run `ftpcheck HOST --from here --from https://AGENT` again: the same connection must differ the same way.',
    "Compare each vantage's connections in the reports above: the address each one reached and how the failing one ended (no answer, refused, unreachable).",
    'On the server: `tcpdump -ni any tcp port PORT` while the outside vantage checks; no SYN arriving means the block is before the server (router, edge firewall).',
  ],
  fix: [
    {
      role: 'network-admin',
      text:
        "Inside works, outside fails: forward the control port and the server's whole passive range to the " +
        'server on the router, and allow both inbound on the edge firewall (`iptables -t nat -A PREROUTING ' +
        '-p tcp --dport MIN:MAX -j DNAT --to-destination SERVER`, plus a FORWARD accept); for active mode, allow ' +
        'the server to connect out (from port 20) to any port.',
    },
    {
      role: 'network-admin',
      text:
        'Outside works, inside fails: allow outbound TCP to the control port and the passive range on the ' +
        "failing vantage's network; on the server's own LAN, enable hairpin NAT (NAT loopback, NAT reflection) " +
        'on the router, or give the server an internal DNS name that resolves to its private address.',
    },
    {
      role: 'server-admin',
      text:
        'Both outside: look for rules by source address on the server: an allow list in the firewall or the ' +
        "FTP server (vsftpd's tcp_wrappers, ProFTPD's <Limit LOGIN>), geo-blocking, fail2ban bans, a cloud " +
        'security group that allows only some networks.',
    },
  ],
  match() {
    // A single check has one vantage: there is nothing to compare. compareVantages() finds this code.
    return [];
  },
};
