// The one way this machine talks to an agent's API (`--from`, `ftpcheck reflect`): a JSON request, the
// token in the Authorization header only, and the whole answer read within a deadline and a size cap
// chosen for what is asked. The answer is hostile input: what reads it (agent-client.ts,
// reflector-client.ts) checks its shape before using it. Failures come back as data, never thrown, so
// that each caller says them in its own words; none of them repeats the token.
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The most bytes read of each kind of answer; a larger one is cut off and refused, so that an agent (or
 * whatever answers at its address) cannot make this machine hold what it likes in memory.
 */
export const ANSWER_CAPS = {
  /**
   * One check's report (POST /api/check). 8 MiB: a report is tens of KiB, and its largest form, the
   * verbose transcript of a long sweep, stays well under this.
   */
  report: 8 * 1024 * 1024,
  /**
   * The reflector's nonce (POST /api/reflect, a few dozen bytes) and its view (GET /api/reflect/NONCE).
   * A view is read only with at most 64 entries in each of its three lists, and its longest entry holds
   * one command line of the reflector's (512 bytes at most), so a view that can be read stays under
   * 100 KiB. 256 KiB leaves room for an error page of a proxy in front of the agent, and no more.
   */
  reflector: 256 * 1024,
} as const;

export type AnswerKind = keyof typeof ANSWER_CAPS;

export interface AgentRequest {
  url: URL;
  method: 'GET' | 'POST';
  /** The JSON text sent with a POST. */
  body?: string;
  token: string | undefined;
  /** From the start of the request to the answer's last byte. */
  timeoutMs: number;
  /** What is asked for, which sets how much of the answer is read. */
  answer: AnswerKind;
}

/** Why there is no answer: no complete answer in time, an answer over its cap, or the network's error. */
export type AgentFailure =
  { kind: 'timeout'; timeoutMs: number } | { kind: 'too-large'; capBytes: number } | { kind: 'network'; error: Error };

export type AgentExchange =
  | { kind: 'answered'; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'failed'; failure: AgentFailure };

/** Sends one request to the agent and reads its whole answer, within the deadline and the cap. */
export async function exchange(request: AgentRequest): Promise<AgentExchange> {
  const http = request.url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const capBytes = ANSWER_CAPS[request.answer];
  return new Promise((resolve) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    // The agent takes a POST's body as JSON only (a browser's form can send no such type across sites).
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
    const outgoing = http.request(request.url, { method: request.method, headers });
    let settled = false;
    const settle = (result: AgentExchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (failure: AgentFailure): void => {
      settle({ kind: 'failed', failure });
      outgoing.destroy();
    };
    const timer = setTimeout(() => {
      fail({ kind: 'timeout', timeoutMs: request.timeoutMs });
    }, request.timeoutMs);
    outgoing.on('error', (error) => {
      fail({ kind: 'network', error });
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > capBytes) {
          fail({ kind: 'too-large', capBytes });
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error) => {
        fail({ kind: 'network', error });
      });
      response.on('end', () => {
        settle({
          kind: 'answered',
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    outgoing.end(request.body);
  });
}
