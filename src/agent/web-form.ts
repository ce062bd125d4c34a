// The web page's form read into a check, in the API's terms (`POST /api/check`): the port and the data
// mode judged by the schema of a check's options, as on every other entrance; implicit TLS written as
// an ftps:// URL, as on the command line. What was typed is kept, to show again beside an error. Pure.
import type { Mode } from '../model/settings.js';
import { fromText } from '../settings/check-schema.js';
import { UsageError } from '../settings/usage-error.js';

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
