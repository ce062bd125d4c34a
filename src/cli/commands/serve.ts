// `ftpcheck serve`: the built-in server, until SIGINT or SIGTERM.
import type { ServeArgs } from '../args.js';
import type { Io } from '../io.js';

export async function runServe(args: ServeArgs, io: Io): Promise<number> {
  const { serve } = await import('../../server/serve.js');
  const server = await serve(args, (line) => io.stderr.write(`${line}\n`));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr.write('Stopping the server…\n');
  await server.close();
  return 0;
}
