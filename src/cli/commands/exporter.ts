// `ftpcheck exporter`: the Prometheus exporter (the agent's server with the metric routes only), until
// SIGINT or SIGTERM.
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';
import { parseListen } from '../listen.js';
import { errorText } from '../../model/errors.js';

export async function runExporter(
  listen: string,
  configPath: string | undefined,
  auth: boolean,
  io: Io,
): Promise<number> {
  const { host, port } = parseListen(listen);
  const { loadConfig } = await import('../../exporter/config.js');
  const [{ EXPORTER_TOKEN_ENV }, { exporterAsAgentConfig }, { startAgent }] = await Promise.all([
    import('../../agent/auth.js'),
    import('../../agent/exporter-door.js'),
    import('../../agent/server.js'),
  ]);
  const config = loadConfig(configPath);
  const token = io.env[EXPORTER_TOKEN_ENV] === '' ? undefined : io.env[EXPORTER_TOKEN_ENV];
  let exporter;
  try {
    exporter = await startAgent({
      kind: 'exporter',
      listen: { host, port },
      config: exporterAsAgentConfig(config),
      name: 'exporter',
      token,
      noAuth: !auth,
      env: io.env,
      log: (line) => io.stderr.write(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot listen on ${listen}: ${errorText(err)}`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await exporter.close();
  return 0;
}
