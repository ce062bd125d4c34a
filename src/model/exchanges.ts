// The control connection's words: a command, the reply it got, or how the wait for that reply ended.
// Data only.

/** How a server's replies broke the protocol: a line or a reply over the cap, or no reply code. */
export type ViolationReason = 'line-too-long' | 'reply-too-large' | 'not-a-reply';

/** A complete FTP reply: the code and every text line without the CRLF. */
export interface Reply {
  code: number;
  lines: string[];
}

/** How waiting for one reply on the control connection ended. */
export type ReplyResult =
  | { kind: 'reply'; ms: number; reply: Reply }
  | { kind: 'timeout'; ms: number; partial: string }
  | { kind: 'closed'; ms: number; partial: string }
  | { kind: 'reset'; ms: number }
  | { kind: 'violation'; ms: number; reason: ViolationReason; partial: string }
  | { kind: 'deadline'; ms: number };

/** One command sent on the control connection and how its reply wait ended. */
export interface Exchange {
  command: string;
  result: ReplyResult;
}
