// `ftpcheck exporter`: the Prometheus exporter, until SIGINT or SIGTERM.
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';
import { parseListen } from '../listen.js';
import { errorText } from '../../model/errors.js';

export async function runExporter(listen: string, configPath: string | undefined, io: Io): Promise<number> {
  const { host, port } = parseListen(listen);
  const { loadConfig } = await import('../../exporter/config.js');
  const { startExporter } = await import('../../exporter/server.js');
  const config = loadConfig(configPath);
  let exporter;
  try {
    exporter = await startExporter(config, { host, port }, io.env, (line) => io.stderr.write(`${line}\n`));
  } catch (err) {
    throw new UsageError(`cannot listen on ${listen}: ${errorText(err)}`);
  }
  if (!['127.0.0.1', '::1', 'localhost'].includes(host) && !config.allowTargets) {
    io.stderr.write(
      'note: listening beyond loopback without allowTargets: anyone who reaches the exporter can make it probe any host\n',
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await exporter.close();
  return 0;
}
