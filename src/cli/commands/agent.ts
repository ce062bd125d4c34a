// `ftpcheck agent`: the vantage agent, until SIGINT or SIGTERM. The token comes from the environment
// (FTPCHECK_AGENT_TOKEN), never from the command line, which other users of the machine can read.
import { hostname } from 'node:os';
import { errorText } from '../../model/errors.js';
import { UsageError } from '../../settings/usage-error.js';
import type { AgentArgs } from '../args.js';
import type { Io } from '../io.js';
import { parseListen } from '../listen.js';

export async function runAgent(args: AgentArgs, io: Io): Promise<number> {
  const listen = parseListen(args.listen);
  const [{ loadAgentConfig }, { startAgent }, { TOKEN_ENV }] = await Promise.all([
    import('../../agent/config.js'),
    import('../../agent/server.js'),
    import('../../agent/auth.js'),
  ]);
  const config = loadAgentConfig(args.config);
  const token = io.env[TOKEN_ENV] === '' ? undefined : io.env[TOKEN_ENV];
  const name = args.name ?? hostname();
  if (name.trim() === '' || /\p{Cc}/u.test(name))
    throw new UsageError('invalid --name: it must not be empty or contain control characters');
  const log = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  let agent;
  try {
    agent = await startAgent({ listen, config, name, token, noAuth: !args.auth, env: io.env, log });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot listen on ${args.listen}: ${errorText(err)}`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await agent.close();
  return 0;
}
