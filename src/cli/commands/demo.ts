// `ftpcheck demo`: the built-in server on loopback, checked at once.
import { check } from '../../check.js';
import type { DemoArgs } from '../args.js';
import { colorWanted, type Io } from '../io.js';
import { makeProgress, spinnersWanted } from '../progress.js';
import { printOne } from './check.js';
import { checkReportPath } from '../report-file.js';

export async function runDemo(args: DemoArgs, io: Io, width: number): Promise<number> {
  if (args.report !== undefined) await checkReportPath(args.report);
  const { startEmbeddedServer } = await import('../../server/embedded-server.js');
  const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
  try {
    const human = args.format === 'human';
    if (human) io.stderr.write(`Started the built-in FTP server on 127.0.0.1:${server.port}; checking it…\n`);
    const progress = await makeProgress(io.stderr, {
      enabled: human && spinnersWanted(io.stderr, io.env),
      color: colorWanted(args.color, io),
    });
    const report = await check({ target: `127.0.0.1:${server.port}` }, progress);
    progress.stop();
    return await printOne(
      report,
      { format: args.format, verbose: args.verbose, color: args.color, report: args.report },
      io,
      width,
    );
  } finally {
    await server.close();
  }
}
