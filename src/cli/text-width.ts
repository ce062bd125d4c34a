// The width of the terminal text is written for (report/wrap.ts wraps it).

/** COLUMNS when set (piped output honours it too), else the terminal's width, else 80. */
export function terminalWidth(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(40, fromEnv);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- @types/node: number; off a TTY, undefined
  const columns = stream.isTTY ? (stream.columns ?? 0) : 0;
  return columns > 0 ? Math.max(40, columns) : 80;
}
