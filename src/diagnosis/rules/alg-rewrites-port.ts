import { describeCallback } from './wording/connections.js';
import { formatEndpoint } from '../../protocol/address.js';
import { ranActive } from '../facts/common.js';
import { plainReflectorView, reflectorView, type Rewrite, rewrites } from '../facts/reflect.js';
import type { Rule } from './rule.js';

/** What was sent and what arrived, as the evidence says it. */
const describeRewrite = (r: Rewrite): string =>
  `this machine sent ${r.port.command} with ${formatEndpoint(r.sent)} and the reflector received ` +
  `"${r.port.command} ${r.port.text}", ${formatEndpoint(r.port.parsed)}`;

export const algRewritesPort: Rule<'alg-rewrites-port'> = {
  code: 'alg-rewrites-port',
  title: "A router's FTP helper rewrites this machine's PORT/EPRT commands",
  severity: 'warning',
  stage: 'active',
  explanation:
    'In active mode the client tells the server where to connect back: PORT (EPRT on IPv6) with its own ' +
    'address and a port. Behind NAT that address is a private one, so NAT routers carry an FTP helper (an ' +
    '"ALG", FTP inspection, `nf_nat_ftp` on Linux) that reads the command on its way out, replaces the ' +
    'address (and often the port) with the public ones and lets the connection back in. `ftpcheck reflect` ' +
    'told the reflector its address twice — in PORT/EPRT and in a hex form no helper reads — and the two ' +
    'arrived different: something on the way changed the command. For plain FTP this is what makes active ' +
    'mode work behind NAT. It stops working when the command cannot be read: with FTPS (AUTH TLS) the ' +
    'control connection is encrypted, the helper sees neither the command nor the port, and the callback ' +
    'is not let in. A helper can also break clients that already announce their public address, or ' +
    'rewrite text it mistakes for a command.',
  likelyRule:
    "An FTP helper on a NAT router or firewall on this machine's side: consumer routers' FTP ALG, Linux " +
    "`nf_conntrack_ftp` with `nf_nat_ftp`, a firewall's FTP inspection (Cisco `inspect ftp`, FortiGate's " +
    'FTP session helper, pfSense/OPNsense FTP proxy).',
  confirm: [
    "Run `ftpcheck reflect URL --verbose`: the reflector's answer to PORT quotes what it received.",
    'Capture on both sides of the router (`tcpdump -A -ni IFACE tcp port 2121`): PORT leaves this machine with its private address and arrives with the public one.',
    'Run `ftpcheck reflect URL --tls` (the agent needs a certificate): under TLS the command arrives as sent.',
  ],
  fix: [
    {
      role: 'user',
      text:
        'Nothing to fix for plain FTP. For FTPS, use passive mode (the default of most clients): active FTPS ' +
        'through this router cannot work, since the helper cannot read the encrypted command.',
    },
    {
      role: 'network-admin',
      text:
        'Keep the helper for plain active FTP, or turn it off when only passive mode and FTPS are used (Linux: ' +
        'remove the `CT --helper ftp` rule; routers: the "FTP ALG" or "SIP/FTP ALG" setting). For active ' +
        'FTPS, forward a fixed port range to the client and have the client announce the public address ' +
        '(FileZilla: Settings → Connection → FTP → Active mode, the external address and a port range).',
    },
  ],
  match(o) {
    const matches = rewrites(reflectorView(o)).map((r) => ({
      evidence: `${capitalised(describeRewrite(r))}: rewritten on the way.${tlsNote(o)}`,
    }));
    if (!o.tlsRequest) return matches;
    // --tls: the plain round shows what the helper does when it can read the command; the TLS round that it cannot.
    const plain = rewrites(plainReflectorView(o));
    const [first] = plain;
    if (!first) return matches;
    const tls = ranActive(o);
    const cb = tls?.callback;
    const after = !cb
      ? ''
      : cb.kind === 'arrived'
        ? ' The callback still arrived under TLS: inbound connections to this machine are let in without the helper.'
        : ` Under TLS ${describeCallback(cb)}: active FTPS fails here, passive FTPS is the way.`;
    const announced = tls?.listen ? formatEndpoint(tls.listen) : 'its own address';
    return [
      ...matches,
      {
        evidence:
          `Over plain FTP ${describeRewrite(first)}: rewritten on the way. Under TLS the command arrived as ` +
          `sent (${announced}): the helper cannot read it, so it neither rewrote it nor opened the way back.${after}`,
      },
    ];
  },
};

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function tlsNote(o: Parameters<Rule['match']>[0]): string {
  return o.tlsRequest
    ? ''
    : ' Under TLS (FTPS) the helper cannot read the command: `ftpcheck reflect URL --tls` shows what happens then.';
}
