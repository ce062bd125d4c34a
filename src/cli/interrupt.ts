// Ctrl-C for the commands that run to an end of their own (a check, demo, explain, guide, reflect): say
// so and leave with 130, as shells expect. The long-running servers (serve, agent, exporter) stop
// gracefully on SIGINT themselves and do not use this. Output is written whole or not at all (writes
// to a pipe or a file are synchronous here), so --json has printed nothing or one complete document.

let deferred = 0;
const cleanups = new Set<() => void>();

/** `cleanup` runs before "interrupted" is written (a spinner stops, so it cannot draw over it). */
export function beforeInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** From now on, Ctrl-C ends the run with "interrupted" and exit code 130. */
export function exitOnInterrupt(stderr: NodeJS.WriteStream): void {
  process.on('SIGINT', () => {
    if (deferred > 0) return;
    for (const cleanup of cleanups) cleanup();
    // A spinner may be mid-line on a terminal.
    stderr.write(`${stderr.isTTY ? '\n' : ''}ftpcheck: interrupted\n`);
    process.exit(130);
  });
}

/** Runs `work` while Ctrl-C belongs to someone else (the pager: less uses it to stop a search). */
export async function deferInterrupt<T>(work: () => Promise<T>): Promise<T> {
  deferred++;
  try {
    return await work();
  } finally {
    deferred--;
  }
}
