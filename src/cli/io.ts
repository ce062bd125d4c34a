// What the commands may touch of the process: argv, environment, the standard streams.
export interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** --password-stdin: standard input, or a prompt without echo on a terminal. */
  readPassword(): Promise<string>;
  version: string;
}

/** Colour only for a terminal, and never with NO_COLOR set or TERM=dumb. */
export function colorWanted(flag: boolean, io: Io): boolean {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- @types/node: boolean; off a TTY, undefined
  const terminal = Boolean(io.stdout.isTTY);
  return flag && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.env.TERM !== 'dumb' && terminal;
}
