// A finding's article, rendered from the catalogue for `explain`, the guide and docs/. Pure.
import { FINDING_CODES, type FindingCode, type FixStep, type Role } from '../model/findings.js';
import { CATALOGUE } from '../diagnosis/rules/catalogue.js';
import { settingSteps } from '../diagnosis/rules/diagnose.js';
import type { Observed } from '../diagnosis/rules/rule.js';

export type DocFormat = 'text' | 'markdown';

const ROLES: [Role, string][] = [
  ['user', 'The client user'],
  ['server-admin', 'The server admin'],
  ['network-admin', 'The network / firewall admin'],
];

/** Placeholders for values a real run fills in. */
const PLACEHOLDERS: Observed = { address: 'PUBLIC-ADDRESS', passivePort: 'PORT', inside: false };

function allSteps(code: FindingCode): FixStep[] {
  const article = CATALOGUE[code];
  return [...settingSteps(article, PLACEHOLDERS, undefined), ...article.fix];
}

export function renderArticle(code: FindingCode, format: DocFormat): string {
  const a = CATALOGUE[code];
  const md = format === 'markdown';
  const heading = md ? `### \`${code}\` — ${a.title}` : `${code} — ${a.title}`;
  const section = (name: string): string => (md ? `**${name}**` : `${name}:`);
  const item = (text: string): string => (md ? `- ${text}` : `  - ${text}`);
  const lines = [
    heading,
    '',
    `${md ? '*' : ''}Severity ${a.severity}, stage ${a.stage}.${md ? '*' : ''}`,
    '',
    a.explanation,
    '',
    section('Likely rule'),
    a.likelyRule,
    '',
    section('How to confirm'),
    ...a.confirm.map(item),
    '',
    section('Fixes'),
  ];
  const steps = allSteps(code);
  for (const [role, name] of ROLES) {
    const mine = steps.filter((s) => s.role === role);
    if (mine.length === 0) continue;
    lines.push(md ? `- ${name}:` : `  ${name}:`, ...mine.map((s) => (md ? `  - ${s.text}` : `    - ${s.text}`)));
  }
  return lines.join('\n');
}

/** One line per code, for `ftpcheck explain` without a code. */
export function renderIndex(): string {
  const width = Math.max(...FINDING_CODES.map((c) => c.length));
  return FINDING_CODES.map((c) => `${c.padEnd(width)}  ${CATALOGUE[c].severity.padEnd(7)}  ${CATALOGUE[c].title}`).join(
    '\n',
  );
}

/** The known codes closest to what the user typed: shared substrings first, then edit distance. */
export function nearestCodes(input: string, count = 3): FindingCode[] {
  const needle = input.toLowerCase();
  const score = (code: FindingCode): number =>
    (code.includes(needle) || needle.includes(code) ? 0 : 1) * 100 + distance(needle, code);
  return [...FINDING_CODES].sort((a, b) => score(a) - score(b)).slice(0, count);
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
