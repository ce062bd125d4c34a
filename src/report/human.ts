// The report for people: verdict, a table of the stages, then each finding with what was seen, why it
// matters, the likely rule and the fixes. Pure: report in, text out.
import Table from 'cli-table3';
import type { Finding, Role, Severity } from '../model/findings.js';
import type { ConnectionEnd, FileReport, Report, Verdict } from '../model/report.js';
import type { StageStatus } from '../model/stages.js';
import { formatEndpoint } from '../protocol/address.js';
import { clientNote, clientRows, modeCell } from './clients.js';
import { visibleStrings } from '../safety/visible.js';
import { duration, makeStyle, type Style } from './style.js';
import { wrapHanging } from './wrap.js';

export interface HumanOptions {
  color: boolean;
  verbose: boolean;
  /** Terminal width in columns. */
  width: number;
}

const ROLE: Record<Role, string> = {
  user: 'you (the client)',
  'server-admin': 'server admin',
  'network-admin': 'network admin',
};

function verdictLine(report: Report, s: Style): string {
  const paint: Record<Verdict, (t: string) => string> = { ok: s.green, degraded: s.yellow, failed: s.red };
  const word: Record<Verdict, string> = { ok: 'OK', degraded: 'DEGRADED', failed: 'FAILED' };
  const where =
    report.target.address && report.target.address !== report.target.host ? ` (${report.target.address})` : '';
  return `${s.bold(`ftpcheck ${report.target.input}`)}${where}: ${s.bold(paint[report.verdict](word[report.verdict]))} (exit ${report.exitCode})`;
}

function statusCell(status: StageStatus, s: Style): string {
  switch (status) {
    case 'pass':
      return s.green('✔ pass');
    case 'warn':
      return s.yellow('! warn');
    case 'fail':
      return s.red('✘ fail');
    case 'skip':
      return s.dim('- skip');
  }
}

function severityTag(severity: Severity, s: Style): string {
  switch (severity) {
    case 'error':
      return s.red('✘ ERROR');
    case 'warning':
      return s.yellow('! WARNING');
    case 'info':
      return s.cyan('i INFO');
  }
}

function stageTable(report: Report, o: HumanOptions, s: Style): string {
  const fixed = 10 + 9 + 9;
  const detail = Math.max(24, o.width - fixed - 5);
  const table = new Table({
    head: ['Stage', 'Result', 'Time', 'Detail'],
    colWidths: [10, 9, 9, detail],
    wordWrap: true,
    style: { compact: true, ...(o.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] }) },
  });
  for (const stage of report.stages) {
    const time = stage.status === 'skip' ? '' : `${stage.durationMs} ms`;
    table.push([stage.name, statusCell(stage.status, s), time, stage.summary]);
  }
  return table.toString();
}

/** Whether common clients would work here with their default settings; * marks each one's default mode. */
function clientTable(report: Report, o: HumanOptions, s: Style): string {
  const why = Math.max(24, o.width - 20 - 11 - 11 - 5);
  const table = new Table({
    head: ['Client', 'Passive', 'Active', 'Why (default mode)'],
    colWidths: [20, 11, 11, why],
    wordWrap: true,
    style: { compact: true, ...(o.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] }) },
  });
  const paint = (cell: string): string =>
    cell.startsWith('works') ? s.green(cell) : cell.startsWith('fails') ? s.red(cell) : s.dim(cell);
  for (const row of clientRows(report.clients ?? []))
    table.push([row.name, paint(modeCell(row.passive)), paint(modeCell(row.active)), clientNote(row.main)]);
  return table.toString();
}

const ARROW_LABEL = { control: 'control', passive: 'passive data', active: 'active data' } as const;

/** One line per connection: who connected to whom, and how it ended. */
function connectionLines(report: Report, o: HumanOptions, s: Style): string {
  const end = (e: ConnectionEnd): string => `${e.side} ${formatEndpoint(e)}`;
  const rows = report.connections.map((c) => {
    const mark = c.status === 'ok' ? s.green('✔') : c.status === 'failed' ? s.red('✘') : s.yellow('–');
    return [ARROW_LABEL[c.kind].padEnd(13), `${end(c.from)} → ${end(c.to)}`, mark, c.detail] as const;
  });
  const width = Math.max(0, ...rows.map((r) => r[1].length));
  // The outcome wraps under itself; when the addresses leave it too little room, it goes on its own line.
  const indent = 2 + 13 + width + 4;
  return rows
    .map((r) => {
      const head = `  ${s.dim(r[0])}${r[1].padEnd(width)}  ${r[2]}`;
      // No detail (a connection that simply worked): the line ends at its mark, with no space after it.
      if (r[3] === '') return head;
      const fits = indent + r[3].length <= o.width || indent + 20 <= o.width;
      return fits
        ? `${head} ${wrapHanging(r[3], o.width, indent)}`
        : `${head}\n${' '.repeat(17)}${wrapHanging(r[3], o.width, 17)}`;
    })
    .join('\n');
}

const SWEEP_MEANING =
  'reachable: something listens; ' +
  'closed: refused by the server itself, so the firewall lets the port through; ' +
  'filtered: no answer, dropped on the way; ' +
  'unreachable: rejected with ICMP by a firewall; ' +
  'not-tried: the deadline came first.';

function sweepLines(report: Report, o: HumanOptions, s: Style): string {
  const sweep = report.sweep;
  if (!sweep) return '';
  if (!sweep.ran) return `  ${sweep.summary}`;
  const from = sweep.inferredFrom
    ? ` (inferred from PASV ports ${sweep.inferredFrom.join(', ')}; the configured range may be wider)`
    : '';
  const paint = (text: string): string =>
    text.replace(/\b(filtered|unreachable)\b/g, (m) => s.red(m)).replace(/\b(closed|reachable)\b/g, (m) => s.green(m));
  return [
    `  ${sweep.address} ports ${sweep.range.min}-${sweep.range.max}${from}, ${duration(sweep.durationMs)}:`,
    `  ${wrapHanging(paint(sweep.summary), o.width, 2)}`,
    `  ${s.dim(wrapHanging(SWEEP_MEANING, o.width, 2))}`,
  ].join('\n');
}

/** Where to read more; the command moves to its own line rather than break. */
function explainHint(code: string, width: number): string {
  const text = 'Each finding on its own, with the settings of other servers:';
  const command = `ftpcheck explain ${code}`;
  return text.length + 1 + command.length <= width ? `${text} ${command}` : `${text}\n${command}`;
}

/** Columns the headline's tag and code take before its title. */
function headlineUsed(f: Finding): number {
  return `${severityTag(f.severity, makeStyle(false))} ${f.code} — `.length;
}

export function findingBlock(f: Finding, o: HumanOptions, s: Style): string {
  const label = (name: string): string => s.dim(name.padEnd(15));
  const body = (text: string): string => wrapHanging(text, o.width, 17);
  const lines = [
    `${severityTag(f.severity, s)} ${s.bold(f.code)} — ${wrapHanging(`${f.title} (${f.stage})`, o.width, 2, headlineUsed(f))}`,
    `  ${label('Seen')}${body(f.evidence)}`,
  ];
  if (f.severity !== 'info' || o.verbose) {
    lines.push(`  ${label('What it means')}${body(f.explanation)}`, `  ${label('Likely rule')}${body(f.likelyRule)}`);
    lines.push(`  ${label('Confirm')}${body(f.confirm[0] ?? '')}`);
    for (const step of f.confirm.slice(1)) lines.push(`  ${' '.repeat(15)}${body(step)}`);
    lines.push(`  ${label('Fix')}${body(f.fix.map((step) => `[${ROLE[step.role]}] ${step.text}`)[0] ?? '')}`);
    for (const step of f.fix.slice(1)) lines.push(`  ${' '.repeat(15)}${body(`[${ROLE[step.role]}] ${step.text}`)}`);
  }
  return lines.join('\n');
}

function transcriptBlock(report: Report, s: Style): string {
  const arrow = { send: '>', recv: '<', note: '·' } as const;
  return report.transcript
    .map((e) => `  ${s.dim(`+${String(e.t).padStart(5)} ms`)} ${e.conn.padEnd(7)} ${arrow[e.dir]} ${e.text}`)
    .join('\n');
}

/** One line per expected file: its path (quoted, so that spaces show) and what the check found. */
function fileLines(files: FileReport[], o: HumanOptions, s: Style): string {
  return files
    .map((f) => {
      const mark =
        f.present === false ? s.red('✗') : f.stale || f.tooSmall ? s.yellow('!') : f.present ? s.green('✓') : '?';
      return `  ${mark} ${wrapHanging(`${JSON.stringify(f.path)}: ${f.detail}`, o.width - 4, 4)}`;
    })
    .join('\n');
}

export function renderHuman(untrusted: Report, o: HumanOptions): string {
  // Server text may carry terminal control sequences: shown escaped, before any styling of our own.
  const report = visibleStrings(untrusted);
  const s = makeStyle(o.color);
  const server = [
    report.server.software ? `server ${report.server.software}` : undefined,
    `user ${report.user}`,
    `mode ${report.mode}`,
    duration(report.durationMs),
  ]
    .filter(Boolean)
    .join(' · ');
  const parts = [verdictLine(report, s), s.dim(server), '', stageTable(report, o, s)];
  if (report.connections.length > 0) parts.push('', s.bold('Connections'), connectionLines(report, o, s));
  if (report.plainComparison) parts.push('', wrapHanging(report.plainComparison.summary, o.width, 0));
  if (report.sweep) parts.push('', s.bold('Passive range sweep'), sweepLines(report, o, s));
  if (report.files) parts.push('', s.bold('Expected files'), fileLines(report.files, o, s));
  if (report.clients?.length)
    parts.push('', s.bold('Clients with their default settings (* the default mode)'), clientTable(report, o, s));
  if (report.findings.length > 0) {
    parts.push('', s.bold('Findings'), '');
    parts.push(report.findings.map((f) => findingBlock(f, o, s)).join('\n\n'));
  } else {
    parts.push('', s.green('No problems found: control and data connections work.'));
  }
  if (report.findings.length > 0) parts.push('', s.dim(explainHint(report.findings[0]?.code ?? 'CODE', o.width)));
  if (o.verbose) parts.push('', s.bold('Transcript'), transcriptBlock(report, s));
  return `${parts.join('\n')}\n`;
}
