// How a caught error is named in a message: its errno code (ENOENT, EADDRINUSE…) when it has one,
// else its message. One idiom for every catch that reports an operating-system error, and one for
// every error that is deliberately not reported.

/** The error's errno code, e.g. "ENOENT", or undefined when it has none. */
export function errnoOf(err: unknown): string | undefined {
  const code: unknown = typeof err === 'object' && err !== null ? Reflect.get(err, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The error's errno code, or its message when it has no code. */
export function errorText(err: unknown): string {
  return errnoOf(err) ?? (err instanceof Error ? err.message : String(err));
}

/**
 * The 'error' listener (or `.catch()` handler) for an error that is accounted for elsewhere: Node turns
 * an 'error' event that nobody listens to into an uncaught exception. Each use says why it may ignore.
 */
export function ignoreError(): void {
  // Deliberately nothing: the comment where it is used says where the error shows instead.
}
