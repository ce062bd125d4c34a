// `ftpcheck exporter`: the Prometheus exporter, until SIGINT or SIGTERM.
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
  const { EXPORTER_TOKEN_ENV, startExporter } = await import('../../exporter/server.js');
  const config = loadConfig(configPath);
  const token = io.env[EXPORTER_TOKEN_ENV] === '' ? undefined : io.env[EXPORTER_TOKEN_ENV];
  let exporter;
  try {
    exporter = await startExporter(config, { host, port }, io.env, (line) => io.stderr.write(`${line}\n`), {
      token,
      noAuth: !auth,
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
