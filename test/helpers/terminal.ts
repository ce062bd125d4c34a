// Runs the built CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would:
// stdout and stderr are a TTY of 100 columns, colour and spinners are on. Returns every byte written.
import { execFileSync, spawn } from 'node:child_process';
import { CLI } from './run-cli.js';

/** True when `script` can give the CLI a pseudo-terminal here. */
export function terminalAvailable(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function runOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Buffer> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  // Not CI and no NO_COLOR: what a person's shell has.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'CI' && name !== 'NO_COLOR'),
  );
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `stty cols 100 rows 40 2>/dev/null; ${quoted}`, '/dev/null'], {
      env: { ...inherited, TERM: 'xterm-256color', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

const ESC = '\x1b';
/** A CSI sequence: colours, cursor movements, erasing. */
const CSI_SEQUENCE = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');

/** The text a terminal would show, roughly: colour codes and cursor movements removed. */
export function plainText(bytes: Buffer): string {
  return bytes.toString('utf8').replace(CSI_SEQUENCE, '').replace(/\r/g, '');
}
