// The agent's own routes: the check API, whoami, health, and the exporter's /probe and /metrics.
import { exporterRoutes } from '../exporter/routes.js';
import type { CheckService } from './checks.js';
import { probeThrough } from './exporter-door.js';
import { type AgentAnswer, type AgentContext, type AgentRequest, json, jsonError, type Route } from './route.js';
import { isIPv4Address } from '../protocol/ip.js';

/** The request's body as JSON; a BodyTooLarge from the reader passes through (the agent answers 413). */
async function jsonBody(request: AgentRequest): Promise<{ value: unknown } | { answer: AgentAnswer }> {
  const raw = (await request.body()).toString('utf8');
  if (raw.trim() === '') return { answer: jsonError(400, "empty body: send the check's options as a JSON object") };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch (err) {
    return { answer: jsonError(400, `bad JSON: ${err instanceof SyntaxError ? err.message : 'unreadable'}`) };
  }
}

/** Exporter answers (plain text) as the agent's: errors become `{ "error": … }` like every other. */
function asAgentAnswer(answer: { status: number; body: string; type?: string }): AgentAnswer {
  return answer.status >= 400 && !answer.type?.startsWith('application/json')
    ? jsonError(answer.status, answer.body.trim())
    : answer;
}

export function apiRoutes(context: AgentContext, service: CheckService, env: NodeJS.ProcessEnv): Route[] {
  const { checkForCaller, name, config } = context;
  const exporter = exporterRoutes(config, env, probeThrough(service));
  return [
    {
      method: 'POST',
      path: '/api/check',
      handle: async (request) => {
        const body = await jsonBody(request);
        if ('answer' in body) return body.answer;
        const outcome = await checkForCaller(body.value, request.caller, request.signal);
        return outcome.kind === 'report' ? json(200, outcome.report) : outcome.answer;
      },
    },
    {
      method: 'GET',
      path: '/api/whoami',
      handle: ({ caller }) =>
        Promise.resolve(
          json(200, { address: caller.address, port: caller.port, family: isIPv4Address(caller.address) ? 4 : 6 }),
        ),
    },
    {
      method: 'GET',
      path: '/healthz',
      handle: () =>
        Promise.resolve(
          json(200, { status: 'ok', name, checksRunning: service.running(), checksWaiting: service.waiting() }),
        ),
    },
    {
      method: 'GET',
      path: '/probe',
      handle: async ({ url, signal }) => asAgentAnswer(await exporter.probe(url, signal)),
    },
    { method: 'GET', path: '/metrics', handle: async () => asAgentAnswer(await exporter.metrics()) },
  ];
}
