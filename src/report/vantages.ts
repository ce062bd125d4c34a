// One target checked from several vantages (--from), for people and for monitoring plugins: each
// vantage's report under a heading that names it, then what comparing them found. Pure.
import type { Finding } from '../model/findings.js';
import { type ExitCode, type Report, worstExitCode } from '../model/report.js';
import { visibleStrings } from '../safety/visible.js';
import { findingBlock, type HumanOptions, renderHuman } from './human.js';
import { makeStyle } from './style.js';

/** The vantage as a heading names it: `here`, or the agent's name, with the address it used. */
export function vantageLabel(r: Report): string {
  const v = r.vantage;
  if (!v) return 'here';
  return v.address ? `${v.name} (${v.address})` : v.name;
}

export function renderHumanVantages(untrusted: Report[], comparison: Finding[], o: HumanOptions): string {
  const reports = visibleStrings(untrusted);
  const findings = visibleStrings(comparison);
  const s = makeStyle(o.color);
  const rule = (title: string): string => {
    const text = `── ${title} `;
    return s.bold(`${text}${'─'.repeat(Math.max(3, Math.min(o.width, 100) - text.length))}`);
  };
  const parts = reports.map((r) => `${rule(`from ${vantageLabel(r)}`)}\n\n${renderHuman(r, o)}`);
  const compared = findings.length
    ? findings.map((f) => findingBlock(f, o, s)).join('\n\n')
    : s.green('The vantages agree: every connection ended alike from each of them.');
  parts.push(`${rule(`compared: ${reports.map(vantageLabel).join(', ')}`)}\n\n${compared}\n`);
  return parts.join('\n');
}

const STATUS: Record<ExitCode, string> = { 0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN' };
const clean = (text: string): string => text.replace(/\|/g, '/').replace(/\s+/g, ' ').trim();
/** Nagios perfdata labels: no quotes, no equals signs, no spaces. */
const label = (text: string): string => text.replace(/[\s'=]/g, '_');

/** The worst state on one line, each vantage's verdict and top finding, then the comparison's findings. */
export function renderNagiosVantages(untrusted: Report[], comparison: Finding[]): string {
  const reports = visibleStrings(untrusted);
  const findings = visibleStrings(comparison);
  const code = worstExitCode(reports);
  const input = reports[0]?.target.input ?? '';
  const each = reports.map((r) => {
    const top = r.findings.find((f) => f.severity !== 'info');
    return `${r.vantage?.name ?? 'here'} ${r.verdict}${top ? ` (${top.code})` : ''}`;
  });
  const differs = findings.length > 0 ? ` - ${findings.map((f) => f.code).join(', ')}` : '';
  const status = clean(
    `FTP ${STATUS[code]} - ${input} from ${reports.length} vantage${reports.length === 1 ? '' : 's'}: ${each.join(', ')}${differs}`,
  );
  const perf = reports
    .map((r) => `'${label(r.vantage?.name ?? 'here')}_total'=${(r.durationMs / 1000).toFixed(3)}s;;;0`)
    .join(' ');
  const long = [
    ...findings.map((f) => `[${f.severity.toUpperCase()}] ${f.code}: ${clean(f.evidence)}`),
    ...reports.flatMap((r) =>
      r.findings.map(
        (f) => `[${f.severity.toUpperCase()}] ${r.vantage?.name ?? 'here'}: ${f.code}: ${clean(f.evidence)}`,
      ),
    ),
  ];
  return `${status} | ${perf}\n${long.map((l) => `${clean(l)}\n`).join('')}`;
}
