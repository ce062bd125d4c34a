// The client of an agent's reflector API (`ftpcheck reflect`): a nonce to log in with (POST
// /api/reflect), then what the reflector saw of that session (GET /api/reflect/NONCE). Both answers
// are hostile input: capped (agent-http.ts), the view checked against its schema before the diagnosis
// reads it. Failures are one line of words, never thrown; the token is never in them.
import { errnoOf } from '../model/errors.js';
import type { ReflectorView, ReflectorViewResult } from '../model/reflect.js';
import { type AgentFailure, exchange } from './agent-http.js';
import { REFLECTOR_VIEW_SCHEMA } from './reflector-view-schema.js';
import { SchemaChecker } from './schema-check.js';

/** A nonce as the agent's API hands it out, and the reflector's FTP port to log in with it. */
export interface IssuedNonce {
  nonce: string;
  port: number;
}

/** The reflector's API at one agent, as `ftpcheck reflect` uses it. */
export interface ReflectorClient {
  /** A nonce from the agent, or why there is none, in words. */
  issue(): Promise<IssuedNonce | string>;
  /** What the reflector saw of the session that logged in with `nonce`. */
  view(nonce: string): Promise<ReflectorViewResult>;
}

export interface ReflectorClientOptions {
  /** The agent's base URL (http or https), without credentials. */
  api: URL;
  token: string | undefined;
  /** Each request, from its start to the answer's last byte. */
  timeoutMs: number;
}

type JsonAnswer = { kind: 'answered'; status: number; body: unknown } | { kind: 'failed'; reason: string };

export function reflectorClient({ api, token, timeoutMs }: ReflectorClientOptions): ReflectorClient {
  const call = async (path: string, method: 'GET' | 'POST'): Promise<JsonAnswer> => {
    const answer = await exchange({
      url: new URL(path, api),
      method,
      ...(method === 'POST' && { body: '{}' }),
      token,
      timeoutMs,
      answer: 'reflector',
    });
    if (answer.kind === 'failed') return { kind: 'failed', reason: unanswered(answer.failure) };
    try {
      return { kind: 'answered', status: answer.status, body: JSON.parse(answer.body) as unknown };
    } catch {
      return { kind: 'failed', reason: `HTTP ${answer.status}, not JSON` };
    }
  };

  return {
    async issue() {
      const answer = await call('/api/reflect', 'POST');
      if (answer.kind === 'failed') return `the agent's API (${api.origin}) did not answer: ${answer.reason}`;
      const body = answer.body;
      if (answer.status !== 200) return `the agent's API answered ${answer.status}: ${errorOf(body)}`;
      const nonce: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'nonce') : undefined;
      const port: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'port') : undefined;
      if (typeof nonce !== 'string' || !/^[0-9a-f]{32}$/.test(nonce) || typeof port !== 'number')
        return "the agent's API gave no nonce and port (is it an ftpcheck agent with its reflector on?)";
      return { nonce, port };
    },

    async view(nonce) {
      const answer = await call(`/api/reflect/${nonce}`, 'GET');
      if (answer.kind === 'failed') return { kind: 'unavailable', reason: answer.reason };
      if (answer.status !== 200)
        return { kind: 'unavailable', reason: `HTTP ${answer.status}: ${errorOf(answer.body)}` };
      const view = readView(answer.body);
      return view
        ? { kind: 'seen', view }
        : { kind: 'unavailable', reason: "the agent's answer is not a reflector's view" };
    },
  };
}

/** Why the agent did not answer, in a few words: the wait, the cap, or the network error's code. */
function unanswered(failure: AgentFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `no answer in ${failure.timeoutMs} ms`;
    case 'too-large':
      return `the answer is larger than ${failure.capBytes} bytes`;
    case 'network':
      return errnoOf(failure.error) ?? failure.error.message;
  }
}

/** The `error` of an error answer, cut short; the report makes it visible. */
function errorOf(body: unknown): string {
  const error: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : undefined;
  return typeof error === 'string' ? error.slice(0, 200) : 'no reason given';
}

const viewSchema = new SchemaChecker(REFLECTOR_VIEW_SCHEMA);

/** A reflector's view as the agent's API answered it; undefined when its shape is not that. */
export function readView(body: unknown): ReflectorView | undefined {
  // Every field the diagnosis reads was checked against the schema just now.
  return viewSchema.check(body) === null ? (body as ReflectorView) : undefined;
}
