// What the agent's HTTP parts have in common: a request already authenticated and bounded, an answer,
// and a route. The agent (agent/server.ts) owns the listener, the token, the limits and the routing;
// each feature (the API, the web page, the exporter's /probe and /metrics, the reflector's nonces)
// contributes routes of this shape, so none of them touches node:http or the token.
import type { IncomingHttpHeaders } from 'node:http';
import type { Report } from '../model/report.js';
import type { AgentConfig } from './config.js';
import { safeJson } from '../safety/visible.js';

/** Who called: the address and port the agent sees the caller come from (IPv4-mapped IPv6 unwrapped). */
export interface Caller {
  address: string;
  port: number;
}

export interface AgentRequest {
  method: string;
  /** The request's path and query, parsed against a placeholder origin. */
  url: URL;
  headers: IncomingHttpHeaders;
  caller: Caller;
  /**
   * The body, read at most once and at most the agent's body limit (16 KiB): a longer body rejects
   * with BodyTooLarge, which the agent answers 413.
   */
  body(): Promise<Buffer>;
  /** Aborts when the caller has gone before its answer: a check for it should stop (or never start). */
  signal?: AbortSignal;
}

export interface AgentAnswer {
  status: number;
  body: string | Buffer;
  /** The content type; plain UTF-8 text when absent. */
  type?: string;
  /** More headers, e.g. Retry-After. Never a token. */
  headers?: Record<string, string>;
}

/** How a POST route takes its body: JSON only (the API), or the web form's own rules (checked by it). */
export type BodyKind = 'json' | 'form';

export interface Route {
  method: 'GET' | 'POST';
  /** The exact path (`/api/check`), or a pattern for paths with a parameter. */
  path: string | RegExp;
  /** For POST: the body it takes; JSON unless it says otherwise (other types are answered 415). */
  body?: BodyKind;
  handle(request: AgentRequest): Promise<AgentAnswer>;
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`);
  }
}

/**
 * A JSON answer, its strings made safe like --json's (control characters escaped); errors are
 * `{ "error": "…" }`, so that every API error reads alike.
 */
export function json(status: number, value: unknown, headers?: Record<string, string>): AgentAnswer {
  return { status, body: `${safeJson(value)}\n`, type: 'application/json; charset=utf-8', headers };
}

export const jsonError = (status: number, message: string, headers?: Record<string, string>): AgentAnswer =>
  json(status, { error: message }, headers);

/**
 * One check as the agent runs it for a caller, for every route that offers checks (the API, the web
 * page): the request read like check()'s options (no password: a module's passwordEnv only), the target
 * vetted (private addresses on a public listener, allowTargets), the rate and concurrency limits
 * applied. The report carries the agent's `vantage`. Refusals come as the answer to give.
 */
export type CheckOutcome = { kind: 'report'; report: Report } | { kind: 'refused'; answer: AgentAnswer };
export type CheckForCaller = (request: unknown, caller: Caller, signal?: AbortSignal) => Promise<CheckOutcome>;

/** What a part that mounts routes gets from the agent. */
export interface AgentContext {
  /** Runs one check for a caller: the request read strictly, limits, target policy, vantage. */
  checkForCaller: CheckForCaller;
  /** The vantage's name. */
  name: string;
  config: AgentConfig;
  /** The listener's address as given. */
  listenHost: string;
}
