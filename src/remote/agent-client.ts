// The client of an agent's check API (POST /api/check): one check run from another vantage. Loaded
// only when --from names an agent. The agent's answer is hostile input like a server's: its size is
// capped and its time bounded (agent-http.ts, the one way to the agent's API), its report must match
// schema ftpcheck/1 before anything reads it, and every string in it is made visible. The token goes
// in the Authorization header only and never into an error message.
import type { IncomingHttpHeaders } from 'node:http';
import { errnoOf } from '../model/errors.js';
import type { Report, Vantage } from '../model/report.js';
import { visible, visibleStrings } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';
import { type AgentFailure, exchange } from './agent-http.js';
import type { SchemaChecker } from './schema-check.js';

/** The body of POST /api/check: check()'s options as the API takes them (never a password). */
export interface AgentCheckBody {
  target?: string;
  me?: true;
  port?: number;
  mode: 'passive' | 'active' | 'both';
  tls: boolean;
  tlsStrict: boolean;
  user?: string;
  module?: string;
  timeout: number;
  deadline?: number;
  sweepPasvRange?: string;
  transferBytes: number;
  audit: boolean;
}

/** A report from an agent, checked and made safe, with the vantage it ran from. */
export type AgentReport = Report & { vantage: Vantage };

export type AgentOutcome = { kind: 'report'; report: AgentReport } | { kind: 'failed'; message: string };

/** An agent URL as given after --from: http(s), no credentials in it (the token has its own place). */
export function parseAgentUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--from "${text}": expected "here" or an agent's URL, e.g. https://agent.example.net`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--from "${text}": an agent's URL starts with http:// or https://`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(
      `--from ${url.protocol}//${url.host}: remove the user and password from the URL; ` +
        'the agent token goes in FTPCHECK_AGENT_TOKEN',
    );
  if (url.search !== '' || url.hash !== '')
    throw new UsageError(`--from ${url.origin}: an agent's URL has no query or fragment`);
  return url;
}

/** Where the API lives under the agent's URL (which may carry a path prefix behind a reverse proxy). */
export function apiUrl(agent: URL, path: string): URL {
  const base = agent.pathname.endsWith('/') ? agent.pathname : `${agent.pathname}/`;
  return new URL(`${base}${path}`, agent.origin);
}

/** The agent as named in messages: its origin and path, never credentials. */
export const agentLabel = (agent: URL): string => `${agent.origin}${agent.pathname === '/' ? '' : agent.pathname}`;

/** An answer of the agent's, as explainRefusal() reads it. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The `error` of a JSON error answer, made visible and short; the status line's words otherwise. */
function errorOf(answer: Answer): string {
  let text = '';
  try {
    const parsed: unknown = JSON.parse(answer.body);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'string')
      text = parsed.error;
  } catch {
    text = answer.body;
  }
  const shown = visible(text.trim());
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/** One line that says what an error answer means and what to do. */
export function explainRefusal(answer: Answer, tokenSet: boolean): string {
  const said = errorOf(answer);
  const because = said ? `: ${said}` : '';
  switch (answer.status) {
    case 401:
      return tokenSet
        ? `the agent did not accept the token (401)${because}; check FTPCHECK_AGENT_TOKEN`
        : `the agent needs a token (401)${because}; set FTPCHECK_AGENT_TOKEN to its token`;
    case 403:
      return `the agent refuses to check this target (403)${because}`;
    case 429: {
      const after = Number(answer.headers['retry-after']);
      const retry = Number.isFinite(after) && after >= 0 ? `; try again in ${Math.ceil(after)} s` : '';
      return `the agent is busy or this caller made too many checks (429)${because}${retry}`;
    }
    case 413:
      return `the agent refused the request as too large (413)${because}`;
    case 400:
      return `the agent rejected the request (400)${because}; is it an older ftpcheck that lacks an option used here?`;
    default:
      return `the agent answered HTTP ${answer.status}${because}`;
  }
}

/** Parses and checks a 200 answer: JSON, the ftpcheck/1 shape, a vantage; every string made visible. */
export function readReport(body: string, schema: SchemaChecker, fallbackName: string): AgentOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'failed', message: 'the agent answered with something that is not JSON' };
  }
  // One report, as `ftpcheck --json` prints it for one target.
  const mismatch = schema.check(parsed, 'report');
  if (mismatch)
    return {
      kind: 'failed',
      message: `the agent's report does not match schema ftpcheck/1 at ${visible(mismatch.at)}: ${visible(mismatch.problem)}`,
    };
  const report = visibleStrings(parsed as Report, { newlines: true });
  return { kind: 'report', report: { ...report, vantage: report.vantage ?? { name: fallbackName, address: null } } };
}

export interface AgentCall {
  agent: URL;
  body: AgentCheckBody;
  token: string | undefined;
  /** The check's own deadline plus a margin for the agent's queue and the answer. */
  timeoutMs: number;
  schema: SchemaChecker;
}

/** Runs one check on an agent. Network failures and refusals come back as one line, never thrown. */
export async function checkOnAgent(call: AgentCall): Promise<AgentOutcome> {
  const answer = await exchange({
    url: apiUrl(call.agent, 'api/check'),
    method: 'POST',
    body: JSON.stringify(call.body),
    token: call.token,
    timeoutMs: call.timeoutMs,
    answer: 'report',
  });
  if (answer.kind === 'failed')
    return { kind: 'failed', message: `could not reach the agent: ${unreached(answer.failure)}` };
  if (answer.status !== 200) return { kind: 'failed', message: explainRefusal(answer, call.token !== undefined) };
  return readReport(answer.body, call.schema, call.agent.host);
}

/** Why the agent's report did not arrive, made visible: the error's own words and its code. */
function unreached(failure: AgentFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `no complete answer within ${Math.round(failure.timeoutMs / 1000)} s`;
    case 'too-large':
      return `the answer is larger than ${failure.capBytes / 1024 / 1024} MiB`;
    case 'network': {
      const code = errnoOf(failure.error);
      return `${visible(failure.error.message)}${code === undefined ? '' : ` (${code})`}`;
    }
  }
}
