// --password-stdin: a pipe gives the whole of standard input (one trailing newline dropped); a terminal
// gets a prompt on stderr and the password is read with echo off, as ssh and sudo do, so it never
// appears on the screen or in the terminal's scrollback.

/** Reads the password from standard input, prompting on the terminal when there is one. */
export async function readPassword(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  if (stdin.isTTY) return readFromTerminal(stdin, stderr);
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const ENTER = new Set(['\r', '\n']);
const ERASE = new Set(['\u007f', '\b']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';

function readFromTerminal(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  // Echo off before the prompt shows, so that nothing typed after it can be echoed.
  stdin.setRawMode(true);
  stdin.resume();
  stderr.write('FTP password (not shown): ');
  return new Promise((resolve) => {
    let chars: string[] = [];
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ENTER.has(ch) || (ch === CTRL_D && chars.length === 0)) {
          finish();
          resolve(chars.join(''));
          return;
        }
        if (ch === CTRL_C) {
          // Raw mode turns Ctrl-C into a byte: give it back its meaning (main.ts says "interrupted").
          // Emitted here, not sent: a signal to ourselves would come after the idle process had ended.
          finish();
          process.emit('SIGINT', 'SIGINT');
          return;
        }
        if (ERASE.has(ch)) chars = chars.slice(0, -1);
        else if (ch === CTRL_U) chars = [];
        else if (ch >= ' ') chars.push(ch);
      }
    };
    stdin.on('data', onData);
  });
}
