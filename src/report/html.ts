// The report as one self-contained HTML file for a ticket: no scripts, fonts or images from anywhere,
// an inline SVG of the connections, the findings with their articles, the stages and the (redacted)
// transcript. Pure: report in, text out.
import type { Finding, Role } from '../model/findings.js';
import type { Report, Verdict } from '../model/report.js';
import { formatEndpoint } from '../protocol/address.js';
import { clientNote, clientRows, modeCell } from './clients.js';
import { visibleStrings } from '../safety/visible.js';
import { duration } from './style.js';

/** Text made safe for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const esc = escapeHtml;

/** Inline code in articles is written `like this`; show it as <code>. */
const prose = (text: string): string => esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const VERDICT_TEXT: Record<Verdict, string> = { ok: 'OK', degraded: 'DEGRADED', failed: 'FAILED' };
const ROLES: readonly Role[] = ['user', 'server-admin', 'network-admin'];
const ROLE_TEXT: Record<Role, string> = {
  user: 'Client user',
  'server-admin': 'Server admin',
  'network-admin': 'Network / firewall admin',
};
const COLOR = { ok: '#1a7f37', failed: '#cf222e', 'not-tried': '#8c959f' } as const;
const LABEL = { control: 'control', passive: 'passive data', active: 'active data (callback)' } as const;

/** The report's style sheet, exported so that a page embedding the report can name it in its CSP (by hash). */
export const REPORT_CSS = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; max-width: 1000px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; font-weight: 600; }
.ok { background: #1a7f37; } .degraded { background: #9a6700; } .failed { background: #cf222e; }
.meta { color: #59636e; margin: 4px 0 16px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.pass { color: #1a7f37; } .fail { color: #cf222e; } .warn { color: #9a6700; } .skip { color: #59636e; }
td.yes { color: #1a7f37; } td.no { color: #cf222e; } td.unknown { color: #59636e; }
.finding { border: 1px solid #d0d7de; border-left: 6px solid #8c959f; border-radius: 6px; padding: 8px 14px; margin: 12px 0; break-inside: avoid; }
.finding.error { border-left-color: #cf222e; } .finding.warning { border-left-color: #9a6700; } .finding.info { border-left-color: #0969da; }
.finding h3 { margin: 4px 0; font-size: 16px; } .finding dt { font-weight: 600; margin-top: 6px; } .finding dd { margin: 2px 0 0 0; }
code { font: 13px ui-monospace, "SFMono-Regular", Menlo, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 3px; }
pre { font: 12px ui-monospace, Menlo, monospace; background: #f6f8fa; padding: 10px; overflow-x: auto; white-space: pre-wrap; }
svg text { font: 13px system-ui, sans-serif; }
@media print { body { margin: 0; max-width: none; } .finding, svg { break-inside: avoid; } }
`;

/** Client on the left, the network between, the server on the right; one arrow per connection. */
function diagram(report: Report): string {
  const width = 960;
  const rowHeight = 78;
  const top = 70;
  const height = top + Math.max(1, report.connections.length) * rowHeight + 20;
  const left = 190;
  const right = width - 190;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Connections between client and server">`,
    '<defs>',
    ...Object.entries(COLOR).map(
      ([k, c]) =>
        `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" ` +
        `orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`,
    ),
    '</defs>',
    `<rect x="10" y="20" width="170" height="${height - 30}" rx="10" fill="#f6f8fa" stroke="#57606a"/>`,
    `<text x="95" y="45" text-anchor="middle" font-weight="600">Client (ftpcheck)</text>`,
    `<rect x="${width / 2 - 120}" y="20" width="240" height="${height - 30}" rx="30" fill="#fbfbfb" stroke="#afb8c1" stroke-dasharray="6 4"/>`,
    `<text x="${width / 2}" y="45" text-anchor="middle" fill="#57606a">network: firewalls, NAT, routers</text>`,
    `<rect x="${width - 180}" y="20" width="170" height="${height - 30}" rx="10" fill="#f6f8fa" stroke="#57606a"/>`,
    `<text x="${width - 95}" y="45" text-anchor="middle" font-weight="600">Server</text>`,
  ];
  report.connections.forEach((c, i) => {
    const y = top + i * rowHeight + 30;
    const color = COLOR[c.status];
    const toRight = c.from.side === 'client';
    const [x1, x2] = toRight ? [left, right] : [right, left];
    // A failed connection stops in the network, where something dropped or refused it.
    const end = c.status === 'ok' ? x2 : width / 2 + (toRight ? 40 : -40);
    const mark = c.status === 'ok' ? '✔' : c.status === 'failed' ? '✘' : '–';
    const dashes = c.status === 'ok' ? '' : 'stroke-dasharray="8 5"';
    const label = `${mark} ${LABEL[c.kind]}: ${formatEndpoint(c.from)} → ${formatEndpoint(c.to)}`;
    parts.push(
      `<line x1="${x1}" y1="${y}" x2="${end}" y2="${y}" stroke="${color}" stroke-width="3" ${dashes} ` +
        `marker-end="url(#arrow-${c.status})"/>`,
      `<text x="${width / 2}" y="${y - 10}" text-anchor="middle" fill="${color}" font-weight="600">${esc(label)}</text>`,
      `<text x="${width / 2}" y="${y + 20}" text-anchor="middle" fill="${color}">${esc(c.detail)}</text>`,
    );
  });
  if (report.connections.length === 0)
    parts.push(
      `<text x="${width / 2}" y="${top + 30}" text-anchor="middle" fill="#cf222e">no connection was made</text>`,
    );
  parts.push('</svg>');
  return parts.join('\n');
}

/** Where a finding's article is, when the report is shown by something that serves them (the agent). */
type ArticleHref = (code: Finding['code']) => string;

function findingHtml(f: Finding, articleHref?: ArticleHref): string {
  const byRole = (role: Role): string[] => f.fix.filter((s) => s.role === role).map((s) => `<li>${prose(s.text)}</li>`);
  const fixes = ROLES.map((role) => ({ role, items: byRole(role) }))
    .filter((g) => g.items.length > 0)
    .map((g) => `<dd><strong>${ROLE_TEXT[g.role]}</strong><ul>${g.items.join('')}</ul></dd>`)
    .join('');
  return `<section class="finding ${f.severity}" id="${esc(f.code)}">
<h3>${esc(f.severity.toUpperCase())} · <code>${esc(f.code)}</code> — ${esc(f.title)} <small>(${esc(f.stage)})</small></h3>
<dl>
<dt>Seen</dt><dd>${prose(f.evidence)}</dd>
<dt>What it means</dt><dd>${prose(f.explanation)}</dd>
<dt>Likely rule</dt><dd>${prose(f.likelyRule)}</dd>
<dt>How to confirm</dt><dd><ul>${f.confirm.map((c) => `<li>${prose(c)}</li>`).join('')}</ul></dd>
<dt>Fixes</dt>${fixes}
</dl>${articleHref ? `\n<p><a href="${esc(articleHref(f.code))}">The article on <code>${esc(f.code)}</code></a></p>` : ''}
</section>`;
}

export interface HtmlPage {
  /** Markup placed first in the body (the agent's web page: the vantage and a link back to its form); trusted, already escaped. */
  header?: string;
  /** Words added to the title, plain text (escaped here). */
  titleSuffix?: string;
  /** Links each finding to its article at this address (the agent's /explain/CODE). */
  articleHref?: ArticleHref;
}

export function renderHtml(untrusted: Report, page: HtmlPage = {}): string {
  // Control characters and bidirectional overrides in server text are shown escaped, then HTML-escaped.
  const report = visibleStrings(untrusted);
  return htmlDocument(
    `ftpcheck ${report.target.input}: ${VERDICT_TEXT[report.verdict]}${page.titleSuffix ?? ''}`,
    `${page.header ?? ''}${reportBody(report, '', page.articleHref)}`,
  );
}

/**
 * One target checked from several vantages (--from): what comparing them found, then each vantage's
 * report in full, its heading naming the vantage.
 */
export function renderHtmlVantages(untrusted: Report[], comparison: Finding[]): string {
  const reports = visibleStrings(untrusted);
  const compared = visibleStrings(comparison);
  const first = reports[0];
  const input = first?.target.input ?? '';
  const names = reports.map((r) => vantageName(r));
  const summary = `<h1>ftpcheck ${esc(input)} from ${reports.length} vantages</h1>
<p class="meta">${reports.map((r, i) => `${esc(names[i] ?? '')}: <span class="verdict ${r.verdict}">${VERDICT_TEXT[r.verdict]}</span>`).join(' · ')}</p>
<h2>Compared</h2>
${compared.length ? compared.map((f) => findingHtml(f)).join('\n') : '<p>The vantages agree: every connection ended alike from each of them.</p>'}`;
  const sections = reports.map((r, i) => `<hr>\n${reportBody(r, ` from ${names[i] ?? ''}`)}`);
  return htmlDocument(`ftpcheck ${input} from ${reports.length} vantages`, [summary, ...sections].join('\n'));
}

const vantageName = (r: Report): string =>
  r.vantage ? `${r.vantage.name}${r.vantage.address ? ` (${r.vantage.address})` : ''}` : 'here';

/**
 * The page around a body; `body` is trusted markup, the title plain text. The agent's own pages share it
 * with their style sheet in place of the report's.
 */
export function htmlDocument(title: string, body: string, css: string = REPORT_CSS): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** One report's sections; `from` names the vantage in its heading (empty for a single check). */
function reportBody(report: Report, from: string, articleHref?: ArticleHref): string {
  const stages = report.stages
    .map((s) => {
      const time = s.status === 'skip' ? '' : `${s.durationMs} ms`;
      return `<tr><td>${esc(s.name)}</td><td class="${s.status}">${esc(s.status)}</td><td>${time}</td><td>${esc(s.summary)}</td></tr>`;
    })
    .join('\n');
  const transcript = report.transcript
    .map(
      (e) =>
        `+${String(e.t).padStart(5)} ms ${e.conn.padEnd(7)} ${{ send: '>', recv: '<', note: '·' }[e.dir]} ${e.text}`,
    )
    .join('\n');
  const where =
    report.target.address && report.target.address !== report.target.host ? ` (${report.target.address})` : '';
  const meta = [
    esc(report.startedAt),
    duration(report.durationMs),
    `user ${esc(report.user)}`,
    `mode ${esc(report.mode)}`,
    `server ${esc(report.server.software ?? 'unknown')}`,
    `exit code ${report.exitCode}`,
  ].join(' · ');
  const sweep = report.sweep;
  const swept = sweep?.ran ? `${sweep.address} ports ${sweep.range.min}-${sweep.range.max}: ` : '';
  const sweepSection = sweep ? `<h2>Passive range sweep</h2><p>${esc(swept)}${esc(sweep.summary)}</p>` : '';
  const clients = clientRows(report.clients ?? [])
    .map(
      (r) =>
        `<tr><td>${esc(r.name)}</td><td class="${r.passive?.works ?? ''}">${esc(modeCell(r.passive))}</td>` +
        `<td class="${r.active?.works ?? ''}">${esc(modeCell(r.active))}</td><td>${esc(clientNote(r.main))}</td></tr>`,
    )
    .join('\n');
  const clientSection = clients
    ? `<h2>Clients with their default settings</h2>
<table><thead><tr><th>Client</th><th>Passive</th><th>Active</th><th>Why (default mode, marked *)</th></tr></thead>
<tbody>
${clients}
</tbody></table>`
    : '';
  return `<h1>ftpcheck ${esc(report.target.input)}${esc(where)}${esc(from)} <span class="verdict ${report.verdict}">${VERDICT_TEXT[report.verdict]}</span></h1>
<p class="meta">${meta}</p>
<h2>Connections</h2>
${diagram(report)}
${report.plainComparison ? `<p>${esc(report.plainComparison.summary)}</p>` : ''}
${sweepSection}
<h2>Findings</h2>
${report.findings.length ? report.findings.map((f) => findingHtml(f, articleHref)).join('\n') : '<p>No problems found: control and data connections work.</p>'}
${clientSection}
<h2>Stages</h2>
<table><thead><tr><th>Stage</th><th>Result</th><th>Time</th><th>Detail</th></tr></thead>
<tbody>
${stages}
</tbody></table>
<h2>Transcript</h2>
<p class="meta">Passwords are never recorded (PASS ****).</p>
<pre>${esc(transcript)}</pre>
<p class="meta">Made by ftpcheck (schema ${esc(report.schema)}).</p>`;
}
