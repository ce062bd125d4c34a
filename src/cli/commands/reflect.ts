// `ftpcheck reflect URL`: active mode tested from behind this machine's router, against an agent's
// reflector (probes/reflect.ts), reported like a check (schema ftpcheck/1) in the format asked for.
import { USAGE_EXIT_CODE } from '../../model/report.js';
import { visible } from '../../safety/visible.js';
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';
import { printOne } from './check.js';
import { readCa } from './shared-options.js';
import { checkReportPath } from '../report-file.js';

export interface ReflectArgs {
  kind: 'reflect';
  url: string;
  tls: boolean;
  json: boolean;
  report: string | undefined;
  verbose: boolean;
  color: boolean;
  /** Seconds per network step. */
  timeout: number;
  ca: string | undefined;
  family: 4 | 6 | undefined;
}

/** The agent's base URL: http(s), no credentials in it (the token comes from FTPCHECK_AGENT_TOKEN). */
export function agentUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid agent URL "${text}": write http://HOST:PORT or https://HOST`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`invalid agent URL "${text}": http:// or https:// only`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError('the agent URL must not carry credentials: set FTPCHECK_AGENT_TOKEN instead');
  return url;
}

export async function runReflectCommand(args: ReflectArgs, io: Io, width: number): Promise<number> {
  const api = agentUrl(args.url);
  if (args.report !== undefined) await checkReportPath(args.report);
  const ca = args.ca === undefined ? undefined : await readCa(args.ca);
  const timeoutMs = args.timeout * 1000;
  const [{ runReflect }, { reflectorClient }] = await Promise.all([
    import('../../probes/reflect.js'),
    import('../../remote/reflector-client.js'),
  ]);
  const token = io.env.FTPCHECK_AGENT_TOKEN === '' ? undefined : io.env.FTPCHECK_AGENT_TOKEN;
  const result = await runReflect({
    api,
    agent: reflectorClient({ api, token, timeoutMs }),
    tls: args.tls,
    ca,
    timeoutMs,
    // The rounds: nonce, login, the active and the passive round, the view; twice with --tls.
    deadlineMs: timeoutMs * (args.tls ? 16 : 10) + 5000,
    family: args.family,
  });
  if (result.kind === 'api-failed') {
    io.stderr.write(`ftpcheck reflect: ${visible(result.reason)}\n`);
    return USAGE_EXIT_CODE;
  }
  const { reflectReport } = await import('../../diagnosis/assembly/report.js');
  const report = reflectReport(args.url, result);
  const tls = result.run.observations.tls;
  if (args.tls && tls?.kind === 'auth-refused')
    io.stderr.write(
      "ftpcheck reflect: the agent's reflector refused AUTH TLS: it has no certificate, so active FTPS cannot " +
        'be tested there (start the agent with --reflector-cert and --reflector-key).\n',
    );
  return printOne(
    report,
    { format: args.json ? 'json' : 'human', verbose: args.verbose, color: args.color, report: args.report },
    io,
    width,
  );
}
