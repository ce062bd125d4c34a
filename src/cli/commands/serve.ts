// `ftpcheck serve`: the built-in server, until SIGINT or SIGTERM.
import type { ServeArgs } from '../args.js';
import type { Io } from '../io.js';

export async function runServe(args: ServeArgs, io: Io): Promise<number> {
  // Listened for before the server starts: a signal while it starts still stops it cleanly (and removes
  // its temporary root) instead of killing the process half-way.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { serve } = await import('../../server/serve.js');
  const server = await serve(args, (line) => io.stderr.write(`${line}\n`));
  await stopped;
  io.stderr.write('Stopping the server…\n');
  await server.close();
  return 0;
}
