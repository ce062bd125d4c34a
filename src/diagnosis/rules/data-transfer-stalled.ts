import type { HandshakeResult, TransferResult } from '../../model/observations.js';
import type { StageName } from '../../model/stages.js';
import { replyText } from '../../protocol/reply.js';
import { describeHandshake, describeTransfer } from '../describe.js';
import { cutByDeadline, ranActive, ranPassive, sessionReuseRefused } from '../facts.js';
import type { Match, Rule } from '../rule.js';

/** A sharper likely rule when the server's own words say why it did not use the data connection. */
function likelyFromReply(t: TransferResult): string | undefined {
  if (t.kind !== 'rejected') return undefined;
  const text = replyText(t.reply);
  // vsftpd "425 Security: Bad IP connecting.", and the same check in other servers.
  if (/bad ip|security|different (ip|address)|not the same/i.test(text)) {
    return (
      'The server refused a data connection coming from a different address than the control connection: ' +
      "this side's connections leave through more than one public address (multi-WAN load balancing, " +
      'or a carrier-grade NAT pool without address pairing).'
    );
  }
  if (t.reply.code >= 500 && t.reply.code !== 425 && t.reply.code !== 426) {
    return 'Not a network rule: the server refused the listing itself (permissions or path on the server).';
  }
  return undefined;
}

export const dataTransferStalled: Rule<'data-transfer-stalled'> = {
  code: 'data-transfer-stalled',
  title: 'The data connection opens, but the transfer does not complete',
  severity: 'error',
  stage: 'passive',
  explanation:
    'The data connection itself was established, yet the listing did not arrive or the server reported ' +
    'that the transfer failed (425 "can\'t open data connection", 426 "connection closed; transfer aborted"). ' +
    'When the server says 425 although ftpcheck had connected, the connection reached something other ' +
    "than the server's own listener: a port forward to another host, a proxy, " +
    "or a firewall that completes connections on the server's behalf. A transfer that starts and then hangs " +
    'points to a device that lets the connection open but drops its data: an intrusion-prevention system, ' +
    'or a path MTU problem (large packets dropped when ICMP "fragmentation needed" is blocked, ' +
    'common with VPNs and PPPoE).',
  likelyRule:
    'A device that accepts or proxies the data connection but does not pass it to ' +
    'the server (wrong port forward, transparent proxy, IPS), or a path MTU black hole; ' +
    'otherwise a server-side failure (disk, permissions) shown in its reply.',
  confirm: [
    "With `--verbose`, the transcript shows where the transfer stopped (no data, or the server's 425/426).",
    'Download a larger file with another client: a hang after the first kilobytes points to an MTU problem.',
  ],
  fix: [
    {
      role: 'server-admin',
      text: "Check the server's log for this transfer; make sure the passive port forward points to this server, not another host.",
    },
    {
      role: 'network-admin',
      text:
        'Look for an IPS or proxy on the data path; test for an MTU black hole (`ping -M do -s 1472 HOST` on Linux) ' +
        'and allow ICMP "fragmentation needed", or clamp TCP MSS on the router ' +
        '(`iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`).',
    },
  ],
  match(o) {
    const out: Match[] = [];
    const add = (stage: StageName, t: TransferResult | undefined, dataTls: HandshakeResult | undefined): void => {
      // Only a transfer that opened and then did not finish; a refused TLS session reuse has its own finding.
      if (
        (t?.kind !== 'stalled' && t?.kind !== 'rejected') ||
        cutByDeadline(o, stage) ||
        sessionReuseRefused(t, dataTls)
      )
        return;
      // When the data connection's own TLS handshake failed, that is what stopped the transfer.
      const opened =
        dataTls && dataTls.kind !== 'established'
          ? `the TLS handshake on the data connection ${describeHandshake(dataTls)}, and`
          : 'the data connection opened, but';
      out.push({
        stage,
        evidence: `In the ${stage} stage, ${opened} ${describeTransfer(t)}.`,
        likelyRule: likelyFromReply(t),
      });
    };
    add('passive', ranPassive(o)?.transfer, ranPassive(o)?.dataTls);
    add('active', ranActive(o)?.transfer, ranActive(o)?.dataTls);
    return out;
  },
};
