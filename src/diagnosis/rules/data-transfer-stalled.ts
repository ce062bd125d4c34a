import { type DataTransfer, FULL_SIZE_SEGMENT_BYTES, SMALL_LISTING_BYTES } from '../../model/data-checks.js';
import type { HandshakeResult, TransferResult } from '../../model/connections.js';
import type { StageName } from '../../model/stages.js';
import { replyText } from '../../protocol/reply.js';
import { failedOnTheWay } from '../facts/data-checks.js';
import { describeDataTransfer } from './wording/data-checks.js';
import { describeHandshake } from './wording/tls.js';
import { describeTransfer } from './wording/connections.js';
import { cutByDeadline, ranActive, ranPassive, sessionReuseRefused } from '../facts/common.js';
import type { Match, Rule } from './rule.js';

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

/**
 * The likely rule for a transfer after a listing that worked in the same mode: a path that drops
 * full-size packets when the listing was small and the sample stalled waiting for data; something
 * that stops this transfer itself when the listing already filled full-size packets.
 */
function likelyAfterListing(listingBytes: number, t: DataTransfer, what: 'download' | 'upload'): string | undefined {
  if (t.kind === 'rejected') return likelyFromReply(t);
  if (t.kind !== 'stalled') return undefined;
  // An upload is confirmed only once the server has all of it; until then its packets were all small.
  if (what === 'upload' && t.waitingFor !== 'preliminary-reply')
    return (
      'A path that drops full-size packets from this side (an MTU or PMTUD black hole): commands and the listing ' +
      "travel in small packets, the upload's full-size ones never arrive. Typical: a VPN, PPPoE or tunnel link " +
      'with a smaller MTU where ICMP "fragmentation needed" is blocked, or a missing TCP MSS clamp.'
    );
  if (t.waitingFor !== 'data') return undefined;
  if (listingBytes < SMALL_LISTING_BYTES)
    return (
      'A path that drops full-size packets (an MTU or PMTUD black hole): the small listing fits in one small packet ' +
      "and arrives, the download's full-size packets never do. Typical: a VPN, PPPoE or tunnel link with a smaller " +
      'MTU where ICMP "fragmentation needed" is blocked, a missing or broken TCP MSS clamp, or a firewall that drops ' +
      'large or fragmented packets.'
    );
  if (listingBytes > FULL_SIZE_SEGMENT_BYTES)
    return (
      `The listing (${listingBytes} bytes) filled full-size packets and arrived, so an MTU problem is unlikely: ` +
      'something stops this transfer itself, such as an IPS or DLP that inspects file content, a per-connection ' +
      'byte or rate limit, or the server failing to read the file.'
    );
  return undefined;
}

/** What failed after a listing that worked: the sample download or the upload, each as a match. */
function afterListing(stage: StageName, ran: ReturnType<typeof ranPassive> | ReturnType<typeof ranActive>): Match[] {
  const listed = ran?.transfer;
  if (listed?.kind !== 'complete') return [];
  const { sample, upload } = ran?.dataChecks ?? {};
  const out: Match[] = [];
  for (const [what, check] of [
    ['download', sample],
    ['upload', upload],
  ] as const) {
    // A data connection that never opened is no transfer that stalled: pasv-data-filtered/-refused say it.
    if (check?.kind !== 'ran' || check.transfer.kind === 'no-connection' || !failedOnTheWay(check.transfer)) continue;
    const name = 'file' in check ? check.file.path : check.path;
    out.push({
      stage,
      evidence:
        `In the ${stage} stage, the listing (${listed.bytes} bytes) arrived; ` +
        `${describeDataTransfer(check.transfer, `the ${what} of ${name}`, what)}.`,
      likelyRule: likelyAfterListing(listed.bytes, check.transfer, what),
    });
  }
  return out;
}

export const dataTransferStalled: Rule<'data-transfer-stalled'> = {
  code: 'data-transfer-stalled',
  title: 'The data connection opens, but the transfer does not complete',
  severity: 'error',
  stage: 'passive',
  explanation:
    'The data connection itself was established, yet the listing or the bulk sample did not arrive, or the server ' +
    'reported that the transfer failed (425 "can\'t open data connection", 426 "connection closed; transfer aborted"). ' +
    'After a listing that works, ftpcheck downloads the first 256 KiB of a file (--transfer-bytes): a small listing ' +
    'fits in one small packet, a real download needs full-size ones. ' +
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
    'Download a larger file with another client: a hang after the first kilobytes points to an MTU problem ' +
      '(`curl --max-time 10 -o /dev/null ftp://HOST/FILE` stops with exit 28 and few bytes).',
    'Find the largest packet that passes: `ping -M do -s 1472 HOST` (Linux; 1472 + 28 = 1500 bytes; over IPv6 `-s 1452`, 1452 + 48), then smaller ' +
      'sizes; Windows `ping -f -l 1472 HOST`. "Message too long" or silence above a size is the path MTU.',
  ],
  fix: [
    {
      role: 'user',
      text:
        'When a download stalls after a working listing: until the path is fixed, lower the MTU of the interface ' +
        'that leads to the server (a VPN or PPPoE link), e.g. `ip link set dev tun0 mtu 1380` on Linux or ' +
        '`netsh interface ipv4 set subinterface "VPN" mtu=1380 store=persistent` on Windows.',
    },
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
        sessionReuseRefused(t, dataTls) ||
        // A data TLS handshake that got no answer: tls-handshake-stalled says so.
        dataTls?.kind === 'timeout'
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
    for (const stage of ['passive', 'active'] as const) {
      if (cutByDeadline(o, stage)) continue;
      out.push(...afterListing(stage, stage === 'passive' ? ranPassive(o) : ranActive(o)));
    }
    return out;
  },
};
