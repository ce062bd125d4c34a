// The troubleshooting guide: a path from each common symptom to the checks and codes first, then what
// FTP clients' error messages mean, how FTP connects, the words used, and every code's article.
// Rendered as text for `ftpcheck guide` and as Markdown for docs/troubleshooting.md, from the
// catalogue and the data below (exported for renderers of other formats). Pure.
import { FINDING_CODES, type FindingCode } from '../model/findings.js';
import { type DocFormat, renderArticle } from './article.js';
import { CLIENT_MESSAGES } from './client-messages.js';
import { GLOSSARY, renderGlossaryEntry } from './glossary.js';

const ORDER = [
  'DNS: the client looks up the server name (A and AAAA records).',
  'Control connection: the client opens TCP to port 21 (990 for implicit FTPS). Firewalls and port forwards must let it through.',
  'Greeting: the server speaks first, "220 …". Silence, another protocol or "421" end it here.',
  'TLS (FTPS): "AUTH TLS" and a handshake encrypt the control connection; PBSZ/PROT P protect data too.',
  'Login: USER and PASS. The network is fine once this works; the rest is about data connections.',
  'Passive data (most clients): the server names a port with PASV/EPSV, the client connects to it. ' +
    'The server-side firewall and NAT must allow and forward the whole passive range.',
  'Active data: the client names its own port with PORT/EPRT, ' +
    'the server connects back (traditionally from port 20). The client-side firewall and NAT must let it in.',
];

export interface Path {
  symptom: string;
  steps: string[];
  codes: FindingCode[];
}

const PATHS: Path[] = [
  {
    symptom: "Can't connect at all",
    steps: [
      'Run `ftpcheck HOST` and read the first failing stage: dns, connect or greeting.',
      'connect failed: the finding says whether packets were dropped (filtered), refused, or answered with ICMP (unreachable).',
      'greeting failed: something answers on the port but is not a working FTP server.',
    ],
    codes: [
      'dns-unresolved',
      'control-filtered',
      'control-refused',
      'control-unreachable',
      'banner-timeout',
      'not-ftp',
      'greeting-rejected',
      'control-reset',
    ],
  },
  {
    symptom: 'Login fails',
    steps: [
      'Check the user and password (FTPCHECK_PASSWORD or --password-stdin).',
      'If the server demands TLS, run again with `--tls`.',
    ],
    codes: ['login-failed', 'tls-required', 'tls-unsupported', 'tls-handshake-failed'],
  },
  {
    symptom: 'Login works, but the listing hangs or fails',
    steps: [
      'Run `ftpcheck HOST` (both modes): the passive and active stages show which data connection fails and how.',
      'Passive filtered or refused: the server-side firewall or port forward does not cover the passive range.',
      'A private address in PASV: the server is behind NAT and not told its public address.',
      'Active fails and passive works: use passive mode; the client side blocks inbound connections.',
    ],
    codes: [
      'pasv-data-filtered',
      'pasv-data-refused',
      'pasv-private-address',
      'pasv-foreign-address',
      'pasv-rejected',
      'data-transfer-stalled',
      'active-callback-blocked',
      'active-port-rejected',
    ],
  },
  {
    symptom: 'Works at home, not at the office',
    steps: [
      'Run ftpcheck from both places and compare the failing stage.',
      'Control filtered only at the office: the office firewall blocks outbound port 21.',
      "Passive filtered only at the office: the office firewall lets out only a few ports; ask for the server's passive range.",
      'Active fails at the office: its firewall or NAT blocks inbound connections.',
    ],
    codes: ['control-filtered', 'pasv-data-filtered', 'active-callback-blocked', 'client-behind-nat'],
  },
  {
    symptom: 'Works on the LAN, not from the internet (or the other way round)',
    steps: [
      'Run an agent on a machine outside (see the README, "Run an agent"), then ' +
        '`ftpcheck HOST --from here --from https://AGENT`: the same check from both places, compared.',
      'vantage-differs names the connection that differs. Inside works, outside fails: the port forward or the ' +
        'edge firewall (control port, passive range) or, for active mode, the callback out.',
      'Outside works, inside fails: the LAN filters outbound, or the router lacks hairpin NAT for its own public address.',
      'No server yet: `ftpcheck serve` on it, then `ftpcheck --from https://AGENT --me` checks your public address from outside.',
    ],
    codes: ['vantage-differs', 'control-filtered', 'pasv-data-filtered', 'active-callback-blocked'],
  },
  {
    symptom: 'Works without TLS, fails with TLS',
    steps: [
      'Run `ftpcheck HOST --tls`: ftpcheck compares the failing data step with plain FTP on a second, anonymous connection.',
      'Plain works and TLS does not: a firewall helper or router ALG opened the data ports ' +
        'by reading the control connection, which TLS hides. Open the passive range explicitly.',
      'The handshake hangs ("Initializing TLS…") while plain FTP logs in: its answer, the first full-size ' +
        'packets of the session, is lost on the way (a VPN or PPPoE link without MSS clamping).',
    ],
    codes: [
      'tls-handshake-stalled',
      'tls-hides-pasv-from-firewall',
      'tls-hides-port-from-firewall',
      'alg-rewrites-pasv',
      'tls-session-reuse-required',
      'tls-certificate-untrusted',
      'tls-chain-incomplete',
    ],
  },
  {
    symptom: 'Works with one client, hangs with another',
    steps: [
      'Run `ftpcheck HOST`: on IPv4 its passive stage lists over PASV and over EPSV, each with its own data connection.',
      'One works and the other hangs: a firewall or NAT helper treats the two replies differently; ' +
        'set the client to the command that works, or open the passive range explicitly.',
      "Masked replies (X's for SYST) show a firewall that inspects and rewrites FTP; it also drops data ports below 1024.",
    ],
    codes: ['pasv-epsv-differ', 'epsv-unsupported', 'pasv-low-port', 'reply-masked-by-inspection'],
  },
  {
    symptom: 'Transfers fail at random, or only when the server is busy',
    steps: [
      'Run `ftpcheck HOST --sweep-pasv-range auto`: it infers the passive range and tries every port of it.',
      'A few ports only: concurrent transfers run out of them. Part of the range blocked: unlucky ports fail.',
      '"425 Security: Bad IP connecting": the server sees your connections come from different addresses (NAT with several public addresses).',
    ],
    codes: ['pasv-range-small', 'pasv-range-partly-blocked', 'client-public-address'],
  },
  {
    symptom: 'Active mode fails from behind my router, or only with FTPS',
    steps: [
      'Run `ftpcheck reflect URL` against an `ftpcheck agent` outside your network: its reflector connects back to you ' +
        'and says which address it sees and whether PORT arrived as sent.',
      "PORT rewritten on the way: a router's FTP helper makes plain active FTP work, and cannot with FTPS " +
        '(`ftpcheck reflect URL --tls` shows it). Use passive mode with FTPS.',
      'The callback never arrives: nothing from outside gets in; use passive mode, or forward a port range to the client.',
      'The nonce arrived changed: something on the path rewrites data connections.',
    ],
    codes: ['alg-rewrites-port', 'active-callback-blocked', 'client-public-address', 'data-tampered'],
  },
  {
    symptom: 'A security review of the server (--audit)',
    steps: [
      'Run `ftpcheck HOST --audit`: posture findings become warnings and count in the verdict.',
      'It sends PORT naming a documentation address (never followed by a data command) and, for a named user, tries an anonymous login on a connection of its own.',
    ],
    codes: ['port-bounce-allowed', 'anonymous-allowed'],
  },
  {
    symptom: 'Listings work, but downloads hang',
    steps: [
      'Run `ftpcheck HOST`: after each working listing it downloads the first 256 KiB of the smallest listed file ' +
        'of at least 64 KiB (or `--download PATH`), and reports the throughput.',
      'The small listing arrives and the download stalls: the path drops full-size packets ' +
        '(an MTU or PMTUD black hole: VPN, PPPoE, tunnel, a broken MSS clamp).',
      'Add `--upload` to try an upload too: a refusal (550, 553) is a permission on the server, not the network.',
    ],
    codes: ['data-transfer-stalled'],
  },
  {
    symptom: 'The nightly file is missing, old or too small',
    steps: [
      'Run `ftpcheck HOST --user USER --expect-file PATH --max-age 26h --min-size 10k` (repeat --expect-file for ' +
        'more files): it asks MLST, or MDTM and SIZE, on the control connection (as a last resort, LIST of its ' +
        'directory), and says which it used.',
      "Add `--upload` where the user may write: the time of the file it stores shows whether the server's clock " +
        "is off, and the age is counted by the server's clock.",
      "For monitoring, a module's `expectFiles` gives each file's presence, age and size as metrics, and " +
        '`--format nagios` as perfdata.',
    ],
    codes: ['file-missing', 'file-stale', 'file-too-small'],
  },
];

/** Markdown code for text that may itself hold a backtick (lftp's "`ls' at 0 …"). */
const codeSpan = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

export function renderGuide(format: DocFormat): string {
  const md = format === 'markdown';
  const h = (level: number, text: string): string =>
    md
      ? `${'#'.repeat(level)} ${text}`
      : level === 1
        ? `${text.toUpperCase()}\n${'='.repeat(text.length)}`
        : `${text}\n${'-'.repeat(text.length)}`;
  const codeRef = (c: FindingCode): string => (md ? `[\`${c}\`](#${c})` : c);
  const out: string[] = [];
  if (md)
    out.push(
      '<!-- Generated from the catalogue by `npm run docs`; edit src/diagnosis/rules/ and src/docs/, not this file. -->',
      '',
    );
  out.push(
    h(1, 'FTP troubleshooting guide'),
    '',
    'Find your symptom, run the check it names, read the code it reports. ' +
      '`ftpcheck explain CODE` shows one article; `ftpcheck explain "MESSAGE"` maps a client\'s error to codes.',
    '',
  );
  out.push(h(2, 'Start here: the symptom'), '');
  for (const path of PATHS) {
    // Short in text: the symptom, its steps and codes, no underline, so the section reads at a glance.
    out.push(
      ...(md ? [h(3, path.symptom), ''] : [`${path.symptom}:`]),
      ...path.steps.map((s) => `- ${s}`),
      ...(md ? [''] : []),
      `Codes: ${path.codes.map(codeRef).join(', ')}`,
      '',
    );
  }
  out.push(h(2, 'What your FTP client said'), '');
  for (const m of CLIENT_MESSAGES) {
    const codes = m.codes.length > 0 ? m.codes.map(codeRef).join(', ') : 'not a network problem';
    out.push(md ? `- ${m.source}: ${codeSpan(m.message)} → ${codes}` : `- ${m.source}: "${m.message}"\n  → ${codes}`);
  }
  out.push('');
  out.push(h(2, 'How an FTP session is made'), '', ...ORDER.map((step, i) => `${i + 1}. ${step}`), '');
  out.push(h(2, 'Words used here'), '');
  for (const entry of GLOSSARY) out.push(renderGlossaryEntry(entry, format), '');
  out.push(h(2, 'The codes'), '');
  for (const code of FINDING_CODES) {
    if (md) out.push(`<a id="${code}"></a>`, '');
    out.push(renderArticle(code, format), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
