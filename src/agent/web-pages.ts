// The web page's HTML: the form (filled again, with the refusal above it, when a try was refused), a
// report as `ftpcheck --report` writes it headed by the vantage and its links, the report as a file to
// save, and the page of a result no longer kept. Every text from a caller, a server or the
// configuration is shown with its control characters escaped, then HTML-escaped. Pure.
import { STATUS_CODES } from 'node:http';
import type { Report } from '../model/report.js';
import { escapeHtml as esc, htmlDocument, renderHtml } from '../report/html.js';
import { visible } from '../safety/visible.js';
import { html, PAGE_CSS } from './page.js';
import type { ResultRetention } from './results.js';
import type { AgentAnswer } from './route.js';
import type { FormValues } from './web-form.js';

/** What the pages show of the agent: its vantage name and the modules a login may use. */
export interface PageInfo {
  /** The vantage's name (the agent's --name). */
  name: string;
  /** The configuration's modules, offered by name with their user; their passwords stay in the agent. */
  modules?: Readonly<Record<string, { user?: string }>>;
}

/** Text from a caller, a server or the configuration: control characters shown escaped, then HTML-escaped. */
const shown = (text: string): string => esc(visible(text));

export interface Refusal {
  status: number;
  message: string;
}

/** The form, filled with `values`; with a refusal above it when the last try was refused. */
export function formPage(info: PageInfo, token: string, values: FormValues, refusal?: Refusal): string {
  const name = shown(info.name);
  const radio = (field: string, value: string, label: string, current: string): string =>
    `<label><input type="radio" name="${field}" value="${value}"${current === value ? ' checked' : ''}> ${label}</label>`;
  const modules = Object.entries(info.modules ?? {});
  const offered = modules.length > 1 || modules.some(([, m]) => m.user !== undefined);
  const moduleSelect = offered
    ? `<label>Login <select name="module">
<option value=""${values.module === '' ? ' selected' : ''}>anonymous</option>
${modules
  .map(
    ([key, m]) =>
      `<option value="${esc(key)}"${values.module === key ? ' selected' : ''}>${shown(key)}${m.user === undefined ? '' : ` (user ${shown(m.user)})`}</option>`,
  )
  .join('\n')}
</select><span class="hint">A module of this agent's configuration; its password stays with the agent.</span></label>`
    : '';
  const refused = refusal
    ? `<section class="refusal" role="alert"><h2>${refusal.status} ${esc(STATUS_CODES[refusal.status] ?? 'Error')}</h2>
<p>${shown(refusal.message)}</p></section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${refusal ? `${refusal.status} · ` : ''}ftpcheck from ${name}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<h1>ftpcheck from ${name}</h1>
<p class="meta">Checks an FTP server from this agent: the control connection, the passive and active data connections and TLS, and which firewall, NAT or router rule is likely to blame when one fails.</p>
${refused}
<form method="post" action="check" accept-charset="utf-8">
<input type="hidden" name="token" value="${esc(token)}">
<label>Server <input type="text" name="host" value="${shown(values.host)}" required placeholder="ftp.example.com" autocomplete="off" spellcheck="false">
<span class="hint">A host name or address; host:port, [IPv6]:port and ftp:// or ftps:// URLs work too.</span></label>
<label>Port <input type="text" name="port" value="${shown(values.port)}" inputmode="numeric" placeholder="21" autocomplete="off">
<span class="hint">Empty: 21, or 990 with implicit TLS.</span></label>
<fieldset><legend>Data connections</legend>
${radio('mode', 'passive', 'passive', values.mode)}
${radio('mode', 'active', 'active', values.mode)}
${radio('mode', 'both', 'both', values.mode)}
</fieldset>
<fieldset><legend>TLS</legend>
${radio('tls', 'none', 'none', values.tls)}
${radio('tls', 'explicit', 'explicit (AUTH TLS)', values.tls)}
${radio('tls', 'implicit', 'implicit (FTPS, port 990)', values.tls)}
</fieldset>
<label>User <input type="text" name="user" value="${shown(values.user)}" placeholder="anonymous" autocomplete="off" spellcheck="false">
<span class="hint">Empty: anonymous (or the module's user).</span></label>
${moduleSelect}
<button type="submit">Check</button>
</form>
<p class="meta">The check runs from this agent, not from your computer, and takes up to a minute. There is no password field: a user name alone is tried with an empty password; a password comes only from a module of the agent's configuration.</p>
</body>
</html>
`;
}

/**
 * `--report`'s page, headed by the vantage, a link back to the form and, for a kept result, its link and
 * download; each finding links to its article. `root` leads from the page's address to the agent's
 * (`../` from /r/ID), so the links also work behind a reverse proxy's path prefix.
 */
export function reportPage(info: PageInfo, report: Report, root = './', id?: string): string {
  const name = report.vantage?.name ?? info.name;
  const address = report.vantage?.address ? ` (its address ${shown(report.vantage.address)})` : '';
  const kept =
    id === undefined
      ? ''
      : ` · <a href="${esc(id)}">Link to this result</a> · <a href="${esc(id)}.html" download>Download report</a>`;
  const header = `<p class="meta">Checked from <strong>${shown(name)}</strong>${address} · <a href="${esc(root)}">New check</a>${kept} · <a href="${esc(root)}guide">Guide</a></p>\n`;
  return renderHtml(report, {
    header,
    titleSuffix: ` from ${visible(name)}`,
    articleHref: (code) => `${root}explain/${code}`,
  });
}

/** The report as `ftpcheck --report` writes it, as a file to save: ftpcheck-HOST-DATE.html. */
export function download(report: Report): AgentAnswer {
  const safe = (text: string): string => text.replace(/[^\w.-]+/g, '_').slice(0, 80);
  const file = `ftpcheck-${safe(report.target.host)}-${safe(report.startedAt.slice(0, 19).replace(/:/g, ''))}.html`;
  return html(200, renderHtml(report), { 'content-disposition': `attachment; filename="${file}"` });
}

/** A result no longer kept (or never): says how long results are kept, and leads back to the form. */
export function gonePage(retention: ResultRetention): string {
  const hours = Math.round((retention.keepMs / 3600_000) * 10) / 10;
  return htmlDocument(
    '404 · no such result',
    `<h1>No such result</h1>
<section class="refusal" role="alert"><h2>404 Not Found</h2>
<p>This agent keeps each result for ${hours} hours, and the last ${retention.count} results only, in its memory (a restart forgets them). This one is gone, or the link is wrong.</p></section>
<p><a href="../">Check again</a></p>`,
    PAGE_CSS,
  );
}
