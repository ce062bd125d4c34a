import type { HandshakeResult, TransferResult } from '../../model/observations.js';
import type { StageName } from '../../model/stages.js';
import { cutByDeadline, describeReply, ranActive, ranPassive, seconds, sessionReuseRefused } from '../facts.js';
import type { Match, Rule } from '../rule.js';
import { replyText } from '../../protocol/reply.js';

/** A sharper likely rule when the server's own words say why it did not use the data connection. */
function likelyFromReply(t: TransferResult): string | undefined {
  if (t.kind !== 'rejected') return undefined;
  const text = replyText(t.reply);
  // vsftpd "425 Security: Bad IP connecting.", and the same check in other servers.
  if (/bad ip|security|different (ip|address)|not the same/i.test(text)) {
    return "The server refused a data connection coming from a different address than the control connection: this side's connections leave through more than one public address (multi-WAN load balancing, or a carrier-grade NAT pool without address pairing).";
  }
  if (t.reply.code >= 500 && t.reply.code !== 425 && t.reply.code !== 426) {
    return 'Not a network rule: the server refused the listing itself (permissions or path on the server).';
  }
  return undefined;
}

function describe(t: TransferResult): string | undefined {
  switch (t.kind) {
    case 'stalled': {
      const what = t.waitingFor === 'data' ? 'the listing never finished' : t.waitingFor === 'final-reply' ? 'the server never confirmed the end of the transfer' : 'the server never answered LIST';
      return `the data connection opened, but ${what} within ${seconds(t.ms)} (${t.bytes} bytes received)`;
    }
    case 'rejected':
      return `the data connection opened, but the server answered ${describeReply(t.reply)} (${t.bytes} bytes received)`;
    case 'complete':
    case 'control-failed':
      return undefined;
  }
}

export const dataTransferStalled: Rule<'data-transfer-stalled'> = {
  code: 'data-transfer-stalled',
  title: 'The data connection opens, but the transfer does not complete',
  severity: 'error',
  stage: 'passive',
  explanation:
    'The data connection itself was established, yet the listing did not arrive or the server reported that the transfer failed (425 "can\'t open data connection", 426 "connection closed; transfer aborted"). When the server says 425 although ftpcheck had connected, the connection reached something other than the server\'s own listener: a port forward to another host, a proxy, or a firewall that completes connections on the server\'s behalf. A transfer that starts and then hangs points to a device that lets the connection open but drops its data: an intrusion-prevention system, or a path MTU problem (large packets dropped when ICMP "fragmentation needed" is blocked, common with VPNs and PPPoE).',
  likelyRule:
    'A device that accepts or proxies the data connection but does not pass it to the server (wrong port forward, transparent proxy, IPS), or a path MTU black hole; otherwise a server-side failure (disk, permissions) shown in its reply.',
  confirm: [
    "With `--verbose`, the transcript shows where the transfer stopped (no data, or the server's 425/426).",
    "Download a larger file with another client: a hang after the first kilobytes points to an MTU problem.",
  ],
  fix: [
    { role: 'server-admin', text: "Check the server's log for this transfer; make sure the passive port forward points to this server, not another host." },
    { role: 'network-admin', text: 'Look for an IPS or proxy on the data path; test for an MTU black hole (`ping -M do -s 1472 HOST` on Linux) and allow ICMP "fragmentation needed", or clamp TCP MSS on the router (`iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`).' },
  ],
  match(o) {
    const out: Match[] = [];
    const add = (stage: StageName, t: TransferResult | undefined, dataTls: HandshakeResult | undefined): void => {
      // A refused TLS session reuse has its own finding.
      if (sessionReuseRefused(t, dataTls)) return;
      const described = t && !cutByDeadline(o, stage) ? describe(t) : undefined;
      // When the data connection's own TLS handshake failed, that is what stopped the transfer.
      const handshake = dataTls && dataTls.kind !== 'established' ? `the TLS handshake on the data connection ${dataTls.kind === 'failed' ? `failed (${dataTls.error})` : 'did not finish'}, and ` : '';
      const text = described && handshake ? `${handshake}${described.replace(/^the data connection opened, but /, '')}` : described;
      if (text && t) out.push({ stage, evidence: `In the ${stage} stage, ${text}.`, likelyRule: likelyFromReply(t) });
    };
    add('passive', ranPassive(o)?.transfer, ranPassive(o)?.dataTls);
    add('active', ranActive(o)?.transfer, ranActive(o)?.dataTls);
    return out;
  },
};
