// Long text on a terminal goes through the user's pager, as git does: $PAGER, else `less` with
// LESS=FRX (quit when it fits one screen, keep colours, leave the text on screen) unless LESS is set.
// Piped or redirected output is written as it is.
import { spawn } from 'node:child_process';
import { deferInterrupt } from './interrupt.js';
import type { Io } from './io.js';

/** Writes `text` to stdout, through the pager when stdout is a terminal and the text is taller than it. */
export async function page(text: string, io: Io): Promise<void> {
  const pager = io.env.PAGER ?? 'less';
  const rows = io.stdout.isTTY ? io.stdout.rows : 0;
  const tall = text.split('\n').length >= rows;
  if (!io.stdout.isTTY || !tall || pager === '' || pager === 'cat') {
    io.stdout.write(text);
    return;
  }
  // While the pager runs, Ctrl-C belongs to it (less uses it to stop a search), not to us.
  const shown = await deferInterrupt(
    () =>
      new Promise<boolean>((resolve) => {
        const child = spawn(pager, {
          shell: true,
          stdio: ['pipe', 'inherit', 'inherit'],
          env: { ...io.env, LESS: io.env.LESS ?? 'FRX', LV: io.env.LV ?? '-c' },
        });
        child.on('error', () => resolve(false));
        child.on('close', (code) => resolve(code !== 127));
        // The reader may quit before reading everything (q in less): that is not an error.
        child.stdin.on('error', () => undefined);
        child.stdin.end(text);
      }),
  );
  if (!shown) io.stdout.write(text);
}
