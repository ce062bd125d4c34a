// The words ftpcheck's findings and the guide use, for people who do not know FTP: one plain
// explanation each. Data first (the web page and the guide render it their own way), then the text
// and Markdown renderings. Pure.
import type { FindingCode } from '../model/findings.js';
import { wrapHanging } from '../report/wrap.js';
import type { DocFormat } from './article.js';

/** Text renderings fit an 80-column terminal. */
const TEXT_WIDTH = 78;

export interface GlossaryEntry {
  /** The term as it appears in reports. */
  term: string;
  /** Other spellings a user may type (`ftpcheck explain EPSV`), compared without case. */
  aliases: readonly string[];
  text: string;
  /** Findings where the term matters most. */
  codes: readonly FindingCode[];
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    term: 'Control connection',
    aliases: ['control', 'control channel', 'port 21'],
    text:
      'The first TCP connection, from the client to the server (port 21, or 990 for implicit FTPS). ' +
      'Commands and replies travel on it: login, "list this folder", "send me this file". ' +
      'It never carries a file or a listing itself.',
    codes: ['control-filtered', 'control-refused', 'banner-timeout'],
  },
  {
    term: 'Data connection',
    aliases: ['data', 'data channel'],
    text:
      'A second, short-lived TCP connection for each listing or file. Who opens it, and to which port, is ' +
      'agreed on the control connection (passive or active mode). Firewalls and NAT that allow port 21 but not ' +
      'these connections give the classic symptom: the login works, the listing hangs.',
    codes: ['pasv-data-filtered', 'active-callback-blocked', 'data-transfer-stalled'],
  },
  {
    term: 'PASV / EPSV (passive mode)',
    aliases: ['pasv', 'epsv', 'passive', 'passive mode'],
    text:
      'The client asks the server to listen: PASV (IPv4 only) answers with an address and a port, EPSV (any IP ' +
      'version) with a port only, on the address the client already uses. The client then connects to that ' +
      "port. The server's firewall and port forward must let in its whole passive port range. Most clients use " +
      'passive mode because it needs nothing open on the client side.',
    codes: ['pasv-data-filtered', 'pasv-private-address', 'pasv-epsv-differ', 'epsv-unsupported'],
  },
  {
    term: 'PORT / EPRT (active mode)',
    aliases: ['port', 'eprt', 'active', 'active mode'],
    text:
      'The client listens and tells the server where: PORT (IPv4) or EPRT (any IP version) names an address ' +
      'and a port, and the server connects back to it (traditionally from its port 20). The client-side ' +
      "firewall and NAT must let that connection in, which most home and office networks don't.",
    codes: ['active-callback-blocked', 'active-port-rejected', 'client-behind-nat'],
  },
  {
    term: 'ALG / FTP helper',
    aliases: ['alg', 'ftp helper', 'helper', 'nf_conntrack_ftp', 'fixup', 'ftp inspection'],
    text:
      "An Application Layer Gateway: a router or firewall feature that reads the control connection's PASV and " +
      'PORT replies and opens (or rewrites) the data ports they name. It makes plain FTP work through NAT ' +
      'without a fixed port range, and fails as soon as the control connection is encrypted (FTPS), ' +
      'because it can no longer read them.',
    codes: ['alg-rewrites-pasv', 'alg-rewrites-port', 'tls-hides-pasv-from-firewall', 'reply-masked-by-inspection'],
  },
  {
    term: 'Hairpin NAT',
    aliases: ['hairpin', 'nat loopback', 'nat reflection', 'loopback nat'],
    text:
      "A router that lets machines inside its network reach the router's own public address, and sends them " +
      'back in to the server (also called NAT loopback or reflection). Without it, a client on the LAN that ' +
      'uses the public name or a PASV reply naming the public address gets nowhere. Split DNS (the name ' +
      'resolving to the private address inside) avoids the need.',
    codes: ['pasv-foreign-address', 'vantage-differs'],
  },
  {
    term: 'Vantage',
    aliases: ['vantage point', 'agent', '--from'],
    text:
      'Where a check runs from. The same server can work from its own LAN and fail from the internet (a port ' +
      'forward, an edge firewall) or the other way round. `ftpcheck HOST --from here --from https://AGENT` ' +
      'runs the check from two vantages and compares them.',
    codes: ['vantage-differs'],
  },
  {
    term: 'PMTUD / MSS clamp',
    aliases: ['pmtud', 'mtu', 'mss', 'mss clamp', 'mss clamping', 'path mtu', 'black hole'],
    text:
      'Path-MTU discovery finds the largest packet a path carries, by ICMP "too big" messages. When a ' +
      'firewall drops those messages on a link with a smaller MTU (a VPN, PPPoE, a tunnel), small packets pass ' +
      'and full-size ones vanish: logins and short listings work, downloads and TLS handshakes hang. MSS ' +
      'clamping on the router (rewriting the TCP maximum segment size) is the usual fix.',
    codes: ['data-transfer-stalled', 'tls-handshake-failed'],
  },
  {
    term: 'PBSZ / PROT P',
    aliases: ['pbsz', 'prot', 'prot p', 'prot c'],
    text:
      'The two FTPS commands that decide whether data connections are encrypted too: PBSZ 0, then PROT P ' +
      '(private: TLS on every data connection) or PROT C (clear: listings and files unencrypted). Many servers ' +
      'require PROT P; firewalls that read data ports from the control connection cannot see them either way.',
    codes: ['tls-session-reuse-required', 'tls-hides-pasv-from-firewall'],
  },
  {
    term: 'Explicit FTPS',
    aliases: ['explicit', 'auth tls', 'ftpes', 'starttls'],
    text:
      'FTP over TLS started on the ordinary port (21): the client connects in plain text, sends AUTH TLS, and ' +
      'both sides switch to TLS before the login. `ftpcheck HOST --tls` checks it. Not SFTP, which is SSH.',
    codes: ['tls-unsupported', 'tls-required', 'tls-mode-mismatch'],
  },
  {
    term: 'Implicit FTPS',
    aliases: ['implicit', 'ftps', 'port 990', 'ftps://'],
    text:
      'FTP over TLS from the first byte, on its own port (990 by convention): no plain-text greeting at all. ' +
      '`ftpcheck ftps://HOST` checks it. A client that speaks plain FTP to such a port (or TLS to a plain one) ' +
      'waits for a greeting that never comes.',
    codes: ['tls-mode-mismatch', 'banner-timeout'],
  },
];

/** The words that ask for the whole glossary (`explain glossary`), compared without case. */
const WHOLE_GLOSSARY = new Set(['glossary', 'words', 'terms']);

export function asksForGlossary(input: string): boolean {
  return WHOLE_GLOSSARY.has(input.trim().toLowerCase());
}

/** The entry a user's word names (`explain PASV`, `explain "hairpin nat"`), if any. */
export function glossaryEntry(input: string): GlossaryEntry | undefined {
  const wanted = input.trim().toLowerCase();
  return GLOSSARY.find((e) => e.term.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted));
}

export function renderGlossaryEntry(entry: GlossaryEntry, format: DocFormat): string {
  const codes = entry.codes.map((c) => (format === 'markdown' ? `[\`${c}\`](#${c})` : c)).join(', ');
  return format === 'markdown'
    ? `**${entry.term}**: ${entry.text} Codes: ${codes}.`
    : `${entry.term}\n  ${wrapHanging(entry.text, TEXT_WIDTH, 2)}\n  ${wrapHanging(`Codes: ${codes}.`, TEXT_WIDTH, 4)}`;
}

export function renderGlossary(format: DocFormat): string {
  return GLOSSARY.map((e) => renderGlossaryEntry(e, format)).join('\n\n');
}
