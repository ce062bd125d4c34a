import type { Observations } from '../../model/observations.js';
import type { StageName } from '../../model/stages.js';
import { escapeChar, stringsOf, unsafeCharacters, visible } from '../../safety/visible.js';
import type { Rule } from './rule.js';

/** Where each part of the observations came from, for the evidence and the finding's stage. Parts
 * that hold only what the user asked for (target, mode, timeouts) are not server text. */
const PLACES: readonly { key: keyof Observations; stage: StageName; name: string }[] = [
  { key: 'greeting', stage: 'greeting', name: 'the greeting' },
  { key: 'tls', stage: 'tls', name: 'the TLS exchange or certificate' },
  { key: 'login', stage: 'login', name: 'the login replies' },
  { key: 'authTlsProbe', stage: 'login', name: 'the reply to AUTH TLS' },
  { key: 'passive', stage: 'passive', name: 'the passive-mode replies' },
  { key: 'active', stage: 'active', name: 'the active-mode replies' },
  { key: 'plain', stage: 'passive', name: 'the plain-FTP comparison' },
  { key: 'sweep', stage: 'passive', name: 'the passive-range sweep' },
];

const NAMES: Record<string, string> = {
  '\x1b': 'ESC, which starts terminal escape sequences',
  '\x9b': '8-bit CSI',
  '\x07': 'BEL',
  '\x08': 'backspace',
  '\r': 'a carriage return inside a line',
  '\x00': 'NUL',
  '\x7f': 'DEL',
  '\x85': 'next-line',
  '\u2028': 'line separator',
  '\u2029': 'paragraph separator',
};

function nameOf(ch: string): string {
  const named = NAMES[ch];
  if (named) return `${escapeChar(ch)} (${named})`;
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(ch)) return `${escapeChar(ch)} (bidirectional control)`;
  return escapeChar(ch);
}

export const serverSendsControlCharacters: Rule<'server-sends-control-characters'> = {
  code: 'server-sends-control-characters',
  title: 'The server sends control characters that can change what a terminal shows',
  severity: 'info',
  stage: 'greeting',
  explanation:
    "The server's replies contain characters that are not text: terminal escape sequences (colours, " +
    'cursor moves, window titles, links), the 8-bit CSI, a carriage return in the middle of a line, ' +
    'or bidirectional controls that reorder what a reader sees. ftpcheck shows each one escaped (for ' +
    'example `\\x1b[31m`), so its own report cannot be rewritten by them; a client or a log viewer that ' +
    'prints server text raw can be made to hide or fake lines. Banner and message files with colour codes ' +
    'are the harmless cause; a server that is trying to mislead whoever reads its replies is the other.',
  likelyRule:
    "No firewall rule: the server's own text (a banner or message file, a welcome message) contains control characters.",
  confirm: [
    '`curl -sv ftp://HOST/ 2>&1 | cat -v` shows the greeting and replies with control characters as `^[`.',
    'Look at the banner and message files the server sends (`ftpd_banner`/`banner_file` in vsftpd, ' +
      '`ServerIdent` and `DisplayConnect`/`DisplayLogin` in ProFTPD).',
  ],
  fix: [
    {
      role: 'server-admin',
      text: 'Remove control characters and escape sequences from the greeting, banner and message files; plain text reaches every client the same way.',
    },
    {
      role: 'user',
      text:
        'Treat what this server says with care: do not paste its replies into a terminal, ' +
        'and view logs of it with `cat -v` or `less` (which shows escapes) rather than raw.',
    },
  ],
  match(o) {
    const places: { stage: StageName; name: string; chars: string[]; sample: string }[] = [];
    for (const { key, stage, name } of PLACES) {
      const texts = stringsOf(o[key]);
      const chars = [...new Set(texts.flatMap(unsafeCharacters))];
      const first = texts.find((t) => unsafeCharacters(t).length > 0);
      if (first !== undefined) places.push({ stage, name, chars, sample: first });
    }
    const [earliest] = places;
    if (!earliest) return [];
    const chars = [...new Set(places.flatMap((p) => p.chars))].map(nameOf);
    const sample = visible(earliest.sample);
    const latest = places.at(-1) ?? earliest;
    const before = places.slice(0, -1).map((p) => p.name);
    const list = before.length > 0 ? `${before.join(', ')} and ${latest.name}` : latest.name;
    return [
      {
        stage: earliest.stage,
        evidence: `Control characters in ${list}: ${chars.join(', ')}. First seen (escaped): "${sample.length > 100 ? `${sample.slice(0, 100)}…` : sample}".`,
      },
    ];
  },
};
