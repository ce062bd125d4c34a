// Replies an FTP-inspecting firewall masked, pure. Cisco ASA and PIX replace the text of the reply to
// SYST with X's (`mask-syst-reply`, on by default with FTP inspection) and, with `mask-banner`, the
// greeting's text with asterisks: the code stays, the words are gone.
import type { Reply } from '../model/exchanges.js';

const MASK = /^[X*]{4,}$/;

/** True when the reply's text is nothing but mask characters (X or *), at least four of them. */
export function isMaskedReply(reply: Reply): boolean {
  const text = reply.lines.join('').replace(/\s+/g, '');
  return MASK.test(text);
}
