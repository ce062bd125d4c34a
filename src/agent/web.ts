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
// Cross-site requests: the form carries a token only a page of this agent can know (form-tokens.ts);
// a browser's own `Sec-Fetch-Site` verdict, where sent, is checked too. The form is read by
// web-form.ts, the pages written by web-pages.ts; the agent owns the listener, the token and limits.
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { formTokens } from './form-tokens.js';
import { html, PAGE_HEADERS } from './page.js';
import { DEFAULT_RETENTION, RESULT_ID, type ResultRetention, ResultStore } from './results.js';
import { type AgentAnswer, type AgentRequest, BodyTooLarge, type CheckForCaller, type Route } from './route.js';
import { EMPTY_FORM, type FormValues, parseForm } from './web-form.js';
import { download, formPage, gonePage, type PageInfo, type Refusal, reportPage } from './web-pages.js';

export interface WebInfo extends PageInfo {
  /** The key of the form tokens; by default a random one, so forms expire when the process ends. */
  formKey?: Buffer;
  /** How long and how many reports are kept for their links (/r/ID); DEFAULT_RETENTION when absent. */
  results?: ResultRetention;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
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
