// Calls to an agent's HTTP API (`ftpcheck reflect`): JSON in and out, each call bounded by a timeout.
// The token goes in the Authorization header only; no error message repeats it.
import { errnoOf } from '../model/errors.js';

export type ApiResult = { kind: 'answered'; status: number; body: unknown } | { kind: 'failed'; reason: string };

/** Most bytes of an answer read; the reflector's answers are a few KiB. */
const MAX_ANSWER = 256 * 1024;

export async function callAgent(
  url: URL,
  method: 'GET' | 'POST',
  token: string | undefined,
  timeoutMs: number,
): Promise<ApiResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // The agent takes a POST's body as JSON only (a browser's form can send no such type across sites).
  if (method === 'POST') headers['content-type'] = 'application/json';
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: method === 'POST' ? '{}' : undefined,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (text.length > MAX_ANSWER) return { kind: 'failed', reason: `the answer is larger than ${MAX_ANSWER} bytes` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { kind: 'failed', reason: `HTTP ${response.status}, not JSON` };
    }
    return { kind: 'answered', status: response.status, body };
  } catch (err) {
    const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError')
      return { kind: 'failed', reason: `no answer in ${timeoutMs} ms` };
    return {
      kind: 'failed',
      reason: errnoOf(cause) ?? (cause instanceof Error ? cause.message : 'the request failed'),
    };
  }
}
