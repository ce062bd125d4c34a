/** A mistake in how ftpcheck was called: reported as one line on stderr with exit code 3. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
