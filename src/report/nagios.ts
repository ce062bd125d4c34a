// The monitoring-plugin convention (Nagios, Icinga): one status line with performance data, then
// long output, one line per finding or per target. The exit code is the report's own (0/1/2/3).
import type { Finding } from '../model/findings.js';
import { type ExitCode, type Report, worstExitCode } from '../model/report.js';
import { visibleStrings } from '../safety/visible.js';

const STATUS: Record<ExitCode, string> = { 0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN' };

/** Plugin output may not contain "|" outside the performance data, nor line breaks in the status line. */
const clean = (text: string): string => text.replace(/\|/g, '/').replace(/\s+/g, ' ').trim();

const topFinding = (r: Report): Finding | undefined => r.findings.find((f) => f.severity !== 'info');

function headline(r: Report): string {
  const top = topFinding(r);
  if (top) return `${r.target.input}: ${top.title.charAt(0).toLowerCase()}${top.title.slice(1)} (${top.code})`;
  return `${r.target.input}: ${r.mode === 'both' ? 'control, passive and active data' : `control and ${r.mode} data`} work`;
}

function perfdata(r: Report): string {
  const stages = r.stages
    .filter((s) => s.status !== 'skip')
    .map((s) => `${s.name}=${(s.durationMs / 1000).toFixed(3)}s;;;0`);
  return [...stages, `total=${(r.durationMs / 1000).toFixed(3)}s;;;0`, ...filePerfdata(r)].join(' ');
}

/**
 * Per expected file: present (critical below 1), age (warning above --max-age) and size (warning below
 * --min-size), labelled by path. A label is quoted; the plugin format allows no quote or "=" in it, and
 * a "|" or a line break would end the performance data.
 */
function filePerfdata(r: Report): string[] {
  return (r.files ?? []).flatMap((f) => {
    const label = (what: string): string => `'${f.path.replace(/['=|]|[^\S ]/g, '_')} ${what}'`;
    const out: string[] = [];
    if (f.present !== null) out.push(`${label('present')}=${f.present ? 1 : 0};;1:;0;1`);
    if (f.ageSeconds !== null) out.push(`${label('age')}=${f.ageSeconds}s;${f.maxAgeSeconds ?? ''};;0`);
    if (f.sizeBytes !== null)
      out.push(`${label('size')}=${f.sizeBytes}B;${f.minBytes === null ? '' : `${f.minBytes}:`};;0`);
    return out;
  });
}

export function renderNagios(untrusted: Report[]): string {
  const reports = visibleStrings(untrusted);
  const code = worstExitCode(reports);
  const first = reports[0];
  if (reports.length === 1 && first) {
    const long = first.findings.map((f) => `[${f.severity.toUpperCase()}] ${f.code}: ${clean(f.evidence)}`);
    return `${clean(`FTP ${STATUS[code]} - ${headline(first)}`)} | ${perfdata(first)}\n${long.map((l) => `${l}\n`).join('')}`;
  }
  const count = (v: Report['verdict']): number => reports.filter((r) => r.verdict === v).length;
  const status = `FTP ${STATUS[code]} - ${reports.length} targets: ${count('failed')} failed, ${count('degraded')} degraded, ${count('ok')} ok`;
  const perf = `failed=${count('failed')};;;0 degraded=${count('degraded')};;;0 ok=${count('ok')};;;0`;
  const long = reports.map((r) => `${STATUS[r.exitCode]}: ${clean(headline(r))}`);
  return `${status} | ${perf}\n${long.map((l) => `${l}\n`).join('')}`;
}
