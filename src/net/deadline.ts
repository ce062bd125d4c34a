// The run's overall deadline. Every wait is the smaller of its own timeout and what the run has left.

export interface Deadline {
  /** Milliseconds left, never negative. */
  remaining(): number;
  expired(): boolean;
  /** The wait to use for one network step: its own timeout, cut to what the run has left. */
  clamp(timeoutMs: number): { ms: number; cut: boolean };
}

/**
 * A deadline `ms` from now. A `signal` that aborts ends it at once: no stage starts after, and each
 * wait still to come gets no time (the caller has gone, so the rest of the check is nobody's).
 */
export function deadlineAfter(ms: number, now: () => number = Date.now, signal?: AbortSignal): Deadline {
  const at = now() + ms;
  const remaining = (): number => (signal?.aborted ? 0 : Math.max(0, at - now()));
  return {
    remaining,
    expired: () => remaining() === 0,
    clamp: (timeoutMs) => {
      const left = remaining();
      return left < timeoutMs ? { ms: left, cut: true } : { ms: timeoutMs, cut: false };
    },
  };
}
