// OpenSSL's error lines, made readable. Pure.

/**
 * The reason from an OpenSSL error line ("C0…:error:0A00010B:SSL routines:FUNCTION:REASON:FILE:LINE:",
 * as Node passes it on, with a trailing newline), e.g. "wrong version number"; other text as it is.
 */
export function opensslReason(message: string): string {
  return /:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(message)?.[1] ?? message.trim();
}
