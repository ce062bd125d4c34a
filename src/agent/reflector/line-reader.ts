// A reflector session's control input, split into command lines as it arrives. Two caps hold against
// a client that floods: a line is at most MAX_LINE bytes, and the bytes sent ahead of the replies (the
// unfinished line and the lines not answered yet) at most MAX_INPUT_BYTES, because a data wait lasts
// seconds and a client may pipeline a few commands, not a stream. Text is latin1: one character a byte.

/** The longest command line, its end excluded: a PORT or EPRT argument and room to spare. */
export const MAX_LINE = 512;
/**
 * Bytes a session may have sent that are not answered yet: a few pipelined commands. A client that
 * sends more while a reply is pending (a data wait lasts seconds) is flooding, and is closed.
 */
export const MAX_INPUT_BYTES = 4 * 1024;

/** Why the input cannot be read on: a line over MAX_LINE, or more than MAX_INPUT_BYTES ahead. */
export type Overflow = 'line-too-long' | 'flood';

export class LineReader {
  /** The unfinished line. */
  #buffer = '';
  /** Whole lines not answered yet, as received (a CR before the LF still on). */
  #lines: string[] = [];
  /** Bytes received and not yet answered: the unfinished line and the queued lines with their ends. */
  #queued = 0;

  /**
   * Splits a chunk into lines, looking only at the chunk (never again at what came before), and counts
   * the bytes waiting for an answer. Undefined while the input is within its caps.
   */
  push(chunk: string): Overflow | undefined {
    this.#queued += chunk.length;
    if (this.#queued > MAX_INPUT_BYTES) return 'flood';
    let start = 0;
    let at: number;
    while ((at = chunk.indexOf('\n', start)) >= 0) {
      const line = this.#buffer + chunk.slice(start, at);
      this.#buffer = '';
      start = at + 1;
      if (line.length > MAX_LINE) return 'line-too-long';
      this.#lines.push(line);
    }
    this.#buffer += chunk.slice(start);
    return this.#buffer.length > MAX_LINE ? 'line-too-long' : undefined;
  }

  /** The next line to answer, its CR dropped; from now its bytes and its LF count as answered. */
  next(): string | undefined {
    const line = this.#lines.shift();
    if (line === undefined) return undefined;
    this.#queued -= line.length + 1;
    return line.replace(/\r$/, '');
  }

  /** Forgets everything not answered: after AUTH TLS, plain text that came before the handshake. */
  reset(): void {
    this.#buffer = '';
    this.#lines = [];
    this.#queued = 0;
  }
}
