import type { HandshakeResult } from '../../model/connections.js';
import type { Observations } from '../../model/observations.js';
import type { StageName } from '../../model/stages.js';
import { describeHandshake } from './wording/tls.js';
import { cutByDeadline, ranActive, ranPassive } from '../facts/common.js';
import type { Match, Rule } from './rule.js';
import { mixedTlsMode } from '../facts/tls.js';

type Stalled = Extract<HandshakeResult, { kind: 'timeout' }>;

/** A handshake whose wait ran out with the connection still open: no alert, no reset. */
function stalledHandshake(h: HandshakeResult | undefined): Stalled | undefined {
  return h?.kind === 'timeout' ? h : undefined;
}

/** Every stalled handshake of a run: the control connection's, and those of the data connections. */
function stalls(o: Observations): { stage: StageName; what: string; handshake: Stalled }[] {
  const out: { stage: StageName; what: string; handshake: Stalled }[] = [];
  // A port that greets in plain FTP where ftps:// was asked: tls-mode-mismatch says so instead.
  const control = o.tls?.kind === 'ran' && !mixedTlsMode(o) ? stalledHandshake(o.tls.handshake) : undefined;
  if (control && o.tls?.kind === 'ran')
    out.push({ stage: 'tls', what: `The ${o.tls.mode} TLS handshake on the control connection`, handshake: control });
  for (const [stage, dataTls] of [
    ['passive', ranPassive(o)?.dataTls],
    ['active', ranActive(o)?.dataTls],
  ] as const) {
    const h = stalledHandshake(dataTls);
    if (h && !cutByDeadline(o, stage))
      out.push({ stage, what: `In the ${stage} stage, the TLS handshake on the data connection`, handshake: h });
  }
  return out;
}

export const tlsHandshakeStalled: Rule<'tls-handshake-stalled'> = {
  code: 'tls-handshake-stalled',
  title: 'The TLS handshake stalls: the server never answers the ClientHello',
  severity: 'error',
  stage: 'tls',
  explanation:
    "The TLS handshake began and the connection stayed open, but the server's answer never came: no " +
    'certificate, no alert, no reset. A server that refuses a handshake says so with an alert or closes the ' +
    "connection; silence means its answer was lost on the way. The server's answer (its certificate chain) " +
    'is the first thing in the session that fills full-size packets, so the usual cause is a path that ' +
    'drops them: a path-MTU black hole on a VPN, PPPoE or other tunnel link, where the ICMP "fragmentation ' +
    'needed" messages are blocked and no router clamps the TCP MSS. Plain FTP on the same path seems to work ' +
    'because its commands and small listings travel in small packets. Less often a firewall that inspects ' +
    'FTP holds the connection once it stops understanding it; and for implicit FTPS, whose handshake is the ' +
    'first thing sent, a port forward or proxy that accepts connections while the server behind it is down ' +
    'looks the same. This is the long "Initializing TLS…" hang of ' +
    'FileZilla and other clients.',
  likelyRule:
    'A path that drops full-size packets (a path-MTU black hole on a VPN, PPPoE or tunnel link without MSS ' +
    'clamping), or a firewall that holds the connection once TLS starts.',
  confirm: [
    'On Linux `tracepath -n HOST` shows the path MTU; `ping -M do -s 1472 HOST` (Windows `ping -f -l 1472 HOST`) ' +
      'gets no answer or "message too long" while `ping -M do -s 1200 HOST` works.',
    '`ftpcheck HOST:PORT` (plain FTP) on the same path: a listing that works while its bulk sample stalls ' +
      '(data-transfer-stalled naming full-size packets) confirms a path that drops full-size packets.',
    '`openssl s_client -connect HOST:PORT -starttls ftp` hangs after "CONNECTED" without a certificate.',
  ],
  fix: [
    {
      role: 'network-admin',
      text:
        'Clamp the TCP MSS on the router or VPN gateway of the link: ' +
        '`iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu` ' +
        '(nftables `tcp flags syn tcp option maxseg size set rt mtu`; most routers call it "MSS clamping"), ' +
        'and let ICMP "fragmentation needed" (IPv6 "packet too big") through every firewall on the path.',
    },
    {
      role: 'network-admin',
      text:
        'Or lower the MTU of the tunnel interface to what the path carries: ' +
        '`ip link set dev tun0 mtu 1380` (Windows `netsh interface ipv4 set subinterface "VPN" mtu=1380 store=persistent`; ' +
        'PPPoE links usually need 1492 or less).',
    },
    {
      role: 'user',
      text:
        "Until the path is fixed, a lower MTU on this machine's VPN interface lets handshakes through; " +
        'if a firewall inspects FTP on the path, test without its FTP inspection.',
    },
  ],
  match(o) {
    return stalls(o).map((s): Match => ({ stage: s.stage, evidence: `${s.what} ${describeHandshake(s.handshake)}.` }));
  },
};
