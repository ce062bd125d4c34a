// What every HTML page of the agent shares (the form, the reports, the articles, the 401 page): the
// report's styles and the form's, a Content-Security-Policy that allows exactly those two inline sheets
// (by hash) and nothing else, and the headers that keep a page out of caches and frames.
import { createHash } from 'node:crypto';
import { REPORT_CSS } from '../report/html.js';
import type { AgentAnswer } from './route.js';

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
