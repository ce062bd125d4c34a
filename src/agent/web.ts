// The agent's web page for people: GET / is a form (host, port, data mode, TLS, a user name and the
// modules of the agent's configuration) that posts to /check. The check's report is kept for a while
// (results.ts) and the browser sent to it at /r/ID (303, so a reload shows the result again rather than
// checking again, and the address can be shared); the page is the self-contained HTML report of
// `ftpcheck --report`, headed by the vantage's name, links back to the form and to the download of that
// file (/r/ID.html), each finding linked to its article (doc-pages.ts). It needs no script,
// loads nothing from anywhere, sets no cookie and says so in a strict Content-Security-Policy.
//
// Why POST: a check is not a safe request (it connects out, counts against the caller's rate limit and
// takes seconds), so nothing may trigger it by prefetching, caching or replaying a link; and the target
// and user names stay out of proxies' access logs, browser history and Referer headers.
//
// Cross-site requests: a browser replays HTTP Basic credentials on any request to the agent, also one
// that another site's page makes, so the form carries a token that only a page of this agent can know:
// an HMAC of its issue time under a key of the agent (random per process unless one is given), valid for
// 12 hours. Another site cannot read the form to learn it (the same-origin policy, and the page refuses
// framing). A Host/Origin comparison was not chosen because reverse proxies in front of the agent
// commonly rewrite Host (nginx's default does); a browser's own `Sec-Fetch-Site` verdict, where sent, is
// checked too. Pure apart from the clock and the key; the agent owns the listener, the token and limits.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Mode } from '../model/settings.js';
import type { Report } from '../model/report.js';
import { escapeHtml as esc, htmlDocument, REPORT_CSS, renderHtml } from '../report/html.js';
import { DEFAULT_RETENTION, RESULT_ID, type ResultRetention, ResultStore } from './results.js';
import { visible } from '../safety/visible.js';
import { fromText } from '../settings/check-schema.js';
import { UsageError } from '../settings/usage-error.js';
import { type AgentAnswer, type AgentRequest, BodyTooLarge, type Route, type CheckForCaller } from './route.js';

export interface WebInfo {
  /** The vantage's name (the agent's --name). */
  name: string;
  /** The configuration's modules, offered by name with their user; their passwords stay in the agent. */
  modules?: Readonly<Record<string, { user?: string }>>;
  /** The key of the form tokens; by default a random one, so forms expire when the process ends. */
  formKey?: Buffer;
  /** How long and how many reports are kept for their links (/r/ID); DEFAULT_RETENTION when absent. */
  results?: ResultRetention;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

export type TlsChoice = 'none' | 'explicit' | 'implicit';

/** What the form holds, as typed: shown again beside an error so that it can be corrected. */
export interface FormValues {
  host: string;
  port: string;
  mode: string;
  tls: string;
  user: string;
  module: string;
}

/** The check the form asks for, in the API's terms (`POST /api/check`). */
export interface WebCheckRequest {
  target: string;
  port?: number;
  mode: Mode;
  tls?: true;
  user?: string;
  module?: string;
}

export type ParsedForm = { token: string; values: FormValues } & (
  { ok: true; request: WebCheckRequest } | { ok: false; message: string }
);

const FIELDS = new Set(['token', 'host', 'port', 'mode', 'tls', 'user', 'module']);
const TLS_CHOICES: readonly TlsChoice[] = ['none', 'explicit', 'implicit'];
export const EMPTY_FORM: FormValues = { host: '', port: '', mode: 'both', tls: 'none', user: '', module: '' };

const isTls = (text: string): text is TlsChoice => (TLS_CHOICES as readonly string[]).includes(text);

/** The form's body (application/x-www-form-urlencoded) read into a check; `modules` are the names offered. */
export function parseForm(body: string, modules: readonly string[]): ParsedForm {
  const fields = new Map<string, string>();
  let problem: string | undefined;
  for (const [key, value] of new URLSearchParams(body)) {
    if (!FIELDS.has(key)) problem ??= `The form has an unknown field "${key}".`;
    else if (fields.has(key)) problem ??= `The form has the field "${key}" twice.`;
    else fields.set(key, value);
  }
  const field = (key: string): string => fields.get(key) ?? '';
  const values: FormValues = {
    host: field('host').trim(),
    port: field('port').trim(),
    mode: field('mode') || EMPTY_FORM.mode,
    tls: field('tls') || EMPTY_FORM.tls,
    user: field('user').trim(),
    module: field('module'),
  };
  const token = field('token');
  const fail = (message: string): ParsedForm => ({ ok: false, token, values, message });
  if (problem !== undefined) return fail(problem);
  if (values.host === '') return fail("Enter the FTP server's host name or address.");
  // The port and the mode are judged by the schema of a check's options, as on every other entrance.
  let port: number | undefined;
  let mode: Mode;
  try {
    port = values.port === '' ? undefined : fromText('port', values.port);
    mode = fromText('mode', values.mode);
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message);
    throw err;
  }
  if (!isTls(values.tls)) return fail(`Unknown TLS choice "${values.tls}": choose none, explicit or implicit.`);
  if (values.module !== '' && !modules.includes(values.module))
    return fail(`This agent has no module "${values.module}".`);
  const target = targetOf(values.host, values.tls);
  if (typeof target !== 'string') return fail(target.message);
  const request: WebCheckRequest = { target, mode };
  if (port !== undefined) request.port = port;
  if (values.tls === 'explicit') request.tls = true;
  // The check reads the user name as it reads the API's (its length, no control characters).
  if (values.user !== '') request.user = values.user;
  if (values.module !== '') request.module = values.module;
  return { ok: true, token, values, request };
}

/** The target for the API: implicit TLS is written as an ftps:// URL, as on the command line. */
function targetOf(host: string, tls: TlsChoice): string | { message: string } {
  const scheme = /^(ftps?):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (tls === 'implicit') {
    if (scheme === 'ftp')
      return { message: 'The address starts with ftp://, which means no implicit TLS: choose one.' };
    if (scheme === 'ftps') return host;
    // A bare IPv6 address needs brackets inside a URL.
    const bareIpv6 = !host.startsWith('[') && host.indexOf(':') !== host.lastIndexOf(':');
    return `ftps://${bareIpv6 ? `[${host}]` : host}`;
  }
  if (tls === 'explicit' && scheme === 'ftps')
    return { message: 'The address starts with ftps://, which means implicit TLS, not explicit: choose one.' };
  return host;
}

/** Form tokens: the issue time in seconds and its HMAC, `1700000000.<base64url>`. */
export function formTokens(key: Buffer, now: () => number, lifetimeMs = 12 * 3600_000) {
  const mac = (issued: string): string =>
    createHmac('sha256', key).update(`ftpcheck web form ${issued}`).digest('base64url');
  return {
    issue(): string {
      const issued = String(Math.floor(now() / 1000));
      return `${issued}.${mac(issued)}`;
    },
    valid(token: string): boolean {
      const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token);
      if (!match) return false;
      const [, issued = '', given = ''] = match;
      const ageMs = now() - Number(issued) * 1000;
      if (ageMs < -60_000 || ageMs > lifetimeMs) return false;
      return timingSafeEqual(Buffer.from(given), Buffer.from(mac(issued)));
    },
  };
}

const FORM_CSS = `
form { display: grid; gap: 14px; max-width: 620px; margin: 16px 0; }
label { display: grid; gap: 4px; font-weight: 600; }
input[type="text"], select { font: inherit; padding: 6px 8px; border: 1px solid #d0d7de; border-radius: 6px; }
fieldset { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 12px 10px; margin: 0; }
legend { font-weight: 600; padding: 0 4px; }
fieldset label { display: inline-flex; gap: 6px; font-weight: 400; margin-right: 18px; }
.hint { font-weight: 400; color: #59636e; font-size: 13px; }
button { justify-self: start; font: inherit; font-weight: 600; padding: 6px 22px; color: #fff; background: #1a7f37; border: 1px solid #116329; border-radius: 6px; cursor: pointer; }
.refusal { border: 1px solid #cf222e; border-left: 6px solid #cf222e; border-radius: 6px; padding: 4px 14px; margin: 16px 0; background: #fff8f8; }
.refusal h2 { border: 0; margin: 8px 0 4px; color: #cf222e; }
`;
export const PAGE_CSS = REPORT_CSS + FORM_CSS;

const cspHash = (css: string): string => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/** No script, no fetch, no framing; styles only the two inline sheets, by hash; forms only to the agent. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${cspHash(REPORT_CSS)} ${cspHash(PAGE_CSS)}`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // A report names internal addresses and server software: no cache keeps it.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export const html = (status: number, body: string, headers: Record<string, string> = {}): AgentAnswer => ({
  status,
  body,
  type: 'text/html; charset=utf-8',
  headers: { ...headers, ...PAGE_HEADERS },
});

/** Text from a caller, a server or the configuration: control characters shown escaped, then HTML-escaped. */
const shown = (text: string): string => esc(visible(text));

export interface Refusal {
  status: number;
  message: string;
}

/** The form, filled with `values`; with a refusal above it when the last try was refused. */
export function formPage(info: WebInfo, token: string, values: FormValues, refusal?: Refusal): string {
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
export function reportPage(info: WebInfo, report: Report, root = './', id?: string): string {
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
function download(report: Report): AgentAnswer {
  const safe = (text: string): string => text.replace(/[^\w.-]+/g, '_').slice(0, 80);
  const file = `ftpcheck-${safe(report.target.host)}-${safe(report.startedAt.slice(0, 19).replace(/:/g, ''))}.html`;
  return html(200, renderHtml(report), { 'content-disposition': `attachment; filename="${file}"` });
}

/** A result no longer kept (or never): says how long results are kept, and leads back to the form. */
function gonePage(retention: ResultRetention): string {
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

/** The message of an API refusal (`{ "error": "…" }`), else the status's own words. */
function refusalMessage(answer: AgentAnswer): string {
  try {
    const parsed: unknown = JSON.parse(answer.body.toString());
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'string')
      return parsed.error;
  } catch {
    // Not JSON: the status says enough.
  }
  return STATUS_CODES[answer.status] ?? 'The check was refused.';
}

const header = (request: AgentRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The routes of the web page: GET / (the form), POST /check (a check, its result kept and the browser
 * sent to it), GET /r/ID (a kept result) and /r/ID.html (its report to download).
 */
export function webRoutes(checkForCaller: CheckForCaller, info: WebInfo): Route[] {
  const now = info.now ?? Date.now;
  const tokens = formTokens(info.formKey ?? randomBytes(32), now);
  const results = new ResultStore(info.results ?? DEFAULT_RETENTION, now);
  const moduleNames = Object.keys(info.modules ?? {});
  const again = (refusal: Refusal, values: FormValues, headers?: Record<string, string>): AgentAnswer =>
    html(refusal.status, formPage(info, tokens.issue(), values, refusal), headers);

  const submit = async (request: AgentRequest): Promise<AgentAnswer> => {
    // Sent by current browsers: a form posted from another site's page is refused before anything else.
    const site = header(request, 'sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return again(
        { status: 403, message: "The form was sent from another site's page; use this agent's own page." },
        EMPTY_FORM,
      );
    const type = header(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
      return again({ status: 415, message: 'The form must be sent as application/x-www-form-urlencoded.' }, EMPTY_FORM);
    let body: Buffer;
    try {
      body = await request.body();
    } catch (err) {
      // The rest of the body is not read: the connection ends with the answer.
      if (err instanceof BodyTooLarge)
        return again({ status: 413, message: err.message }, EMPTY_FORM, { connection: 'close' });
      throw err;
    }
    const form = parseForm(body.toString('utf8'), moduleNames);
    if (!tokens.valid(form.token))
      return again(
        {
          status: 403,
          message: "The form has expired or did not come from this agent's page: check the values and send it again.",
        },
        form.values,
      );
    if (!form.ok) return again({ status: 400, message: form.message }, form.values);
    const outcome = await checkForCaller(form.request, request.caller, request.signal);
    if (outcome.kind === 'refused') {
      const { status, headers } = outcome.answer;
      return again({ status, message: refusalMessage(outcome.answer) }, form.values, headers);
    }
    const id = results.put(outcome.report);
    // Nothing kept (retention count 0): the report is the answer, as a POST's.
    if (id === undefined) return html(200, reportPage(info, outcome.report));
    return { status: 303, body: '', headers: { location: `r/${id}`, ...PAGE_HEADERS } };
  };

  const kept = (request: AgentRequest): Promise<AgentAnswer> => {
    const [, id = '', file] = /^\/r\/([^/]+?)(\.html)?$/.exec(request.url.pathname) ?? [];
    const report = RESULT_ID.test(id) ? results.get(id) : undefined;
    if (!report) return Promise.resolve(html(404, gonePage(results.retention)));
    return Promise.resolve(file ? download(report) : html(200, reportPage(info, report, '../', id)));
  };

  return [
    { method: 'GET', path: '/', handle: () => Promise.resolve(html(200, formPage(info, tokens.issue(), EMPTY_FORM))) },
    { method: 'POST', path: '/check', body: 'form', handle: submit },
    { method: 'GET', path: /^\/r\/[^/]+$/, handle: kept },
    // Reloading the report's address, or a bookmark of it: the form.
    {
      method: 'GET',
      path: '/check',
      handle: () => Promise.resolve({ status: 303, body: '', headers: { location: './', ...PAGE_HEADERS } }),
    },
  ];
}
