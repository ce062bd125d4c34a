// `ftpcheck agent`: the vantage agent, until SIGINT or SIGTERM. The token comes from the environment
// (FTPCHECK_AGENT_TOKEN), never from the command line, which other users of the machine can read.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Reflector } from '../../agent/reflector/reflector.js';
import { errorText } from '../../model/errors.js';
import { UsageError } from '../../settings/usage-error.js';
import type { AgentArgs, ReflectorArgs } from '../args.js';
import type { Io } from '../io.js';
import { parseListen } from '../listen.js';

const DEFAULT_REFLECTOR_PORT = 2121;

export async function runAgent(args: AgentArgs, io: Io): Promise<number> {
  const listen = parseListen(args.listen);
  const [{ loadAgentConfig }, { startAgent }, { TOKEN_ENV }, { webRoutes }, { docRoutes }] = await Promise.all([
    import('../../agent/config.js'),
    import('../../agent/server.js'),
    import('../../agent/auth.js'),
    import('../../agent/web.js'),
    import('../../agent/doc-pages.js'),
  ]);
  const config = loadAgentConfig(args.config);
  const token = io.env[TOKEN_ENV] === '' ? undefined : io.env[TOKEN_ENV];
  const name = args.name ?? hostname();
  if (name.trim() === '' || /\p{Cc}/u.test(name))
    throw new UsageError('invalid --name: it must not be empty or contain control characters');
  const log = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  const reflector = args.reflector
    ? await startReflectorFor(args.reflector, listen.host, config.ipv6CallerPrefix, log)
    : undefined;
  let agent;
  try {
    const reflectorRoutes = reflector && (await import('../../agent/reflector/routes.js')).reflectorRoutes(reflector);
    agent = await startAgent({
      listen,
      config,
      name,
      token,
      noAuth: !args.auth,
      trustProxy: args.trustProxy,
      env: io.env,
      log,
      // The web page for people (GET / the form, POST /check its report kept at /r/ID), the articles and
      // the guide it links to, and the reflector's nonces.
      routes: (context) => [
        ...webRoutes(context.checkForCaller, {
          name: context.name,
          modules: context.config.modules,
          results: {
            keepMs: context.config.keepResultsHours * 3600_000,
            count: context.config.keepResultsCount,
          },
        }),
        ...docRoutes(),
        ...(reflectorRoutes ?? []),
      ],
    });
  } catch (err) {
    await reflector?.close();
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot listen on ${args.listen}: ${errorText(err)}`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await agent.close();
  await reflector?.close();
  return 0;
}

/** The reflector (`ftpcheck reflect`): on the agent's address unless told otherwise, AUTH TLS with a certificate. */
async function startReflectorFor(
  options: ReflectorArgs,
  agentHost: string,
  ipv6CallerPrefix: number,
  log: (line: string) => void,
): Promise<Reflector | undefined> {
  const { startReflector } = await import('../../agent/reflector/reflector.js');
  const host = options.host ?? agentHost;
  let tls;
  if (options.cert !== undefined && options.key !== undefined) {
    try {
      tls = { cert: await readFile(options.cert), key: await readFile(options.key) };
    } catch (err) {
      throw new UsageError(`--reflector-cert/--reflector-key: ${errorText(err)}`);
    }
  }
  try {
    const reflector = await startReflector({
      host,
      port: options.port ?? DEFAULT_REFLECTOR_PORT,
      tls,
      ipv6CallerPrefix,
    });
    const where = host.includes(':') ? `[${host}]:${reflector.address.port}` : `${host}:${reflector.address.port}`;
    log(
      `ftpcheck agent: reflector on ftp://${where}${tls ? ' (AUTH TLS offered)' : ' (no certificate: AUTH TLS refused)'}`,
    );
    return reflector;
  } catch (err) {
    // The default port taken (another agent, a test run): the agent runs without its reflector and says so.
    if (options.port === undefined) {
      log(
        `ftpcheck agent: no reflector: port ${DEFAULT_REFLECTOR_PORT} on ${host}: ${errorText(err)} ` +
          '(give --reflector-port, or --no-reflector)',
      );
      return undefined;
    }
    throw new UsageError(
      `cannot start the reflector on port ${options.port}: ${errorText(err)} (--reflector-port, or --no-reflector)`,
    );
  }
}
