// Teardown on Ctrl-C or a CI timeout: cleanups registered here run (synchronously, newest first) on
// SIGINT/SIGTERM, then the signal is raised again so the process ends as it would have.
type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
let cleaning = false;

function onSignal(signal: NodeJS.Signals): void {
  // The listeners stay on until the cleanups are done: on Ctrl-C the test runner's parent process
  // follows up with SIGTERM, which without a listener would end this process halfway through.
  if (cleaning) return;
  cleaning = true;
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the next cleanup must still run.
    }
  }
  cleanups.clear();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.kill(process.pid, signal);
}

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
