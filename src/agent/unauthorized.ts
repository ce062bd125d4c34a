// The answer to a request without the agent's token. Scripts get the API's JSON error; a browser (it
// accepts text/html) gets a page that says how to sign in, which it shows when its login prompt is
// cancelled, instead of raw JSON. Both carry the Basic challenge, so that a reload prompts again.
import { jsonError, type AgentAnswer } from './route.js';
import { TOKEN_ENV } from './auth.js';
import { html, PAGE_CSS } from './page.js';

const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>401 · sign in to the ftpcheck agent</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<h1>Sign in to use this ftpcheck agent</h1>
<section class="refusal" role="alert"><h2>401 Unauthorized</h2>
<p>This agent runs checks only for those who know its token.</p></section>
<ol>
<li>Reload this page (or open the agent's address again): the browser asks for a user name and a password.</li>
<li>User name: anything, e.g. your name. Password: the agent's token.</li>
<li>The token is set where the agent runs (the environment variable <code>${TOKEN_ENV}</code>): ask whoever runs the agent for it.</li>
</ol>
<p class="meta">Scripts send the token as <code>Authorization: Bearer TOKEN</code>.</p>
</body>
</html>
`;

/**
 * 401 for a request whose Authorization does not carry the token: the agent's sign-in page for browsers,
 * JSON otherwise (the exporter's callers are Prometheus and scripts: always JSON).
 */
export function unauthorized(accept: string | undefined, kind: 'agent' | 'exporter', realm: string): AgentAnswer {
  const challenge = { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` };
  if (kind === 'agent' && accept !== undefined && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept))
    return html(401, SIGN_IN_PAGE, challenge);
  return jsonError(
    401,
    `this ${kind} needs its token: Authorization: Bearer TOKEN, or HTTP Basic with the token as password`,
    challenge,
  );
}
