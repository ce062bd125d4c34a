// The reflector's answers that never change: commands a client sends by habit (answered so that it
// goes on to the test) and the features it offers. The reflector has nothing to read or write.

/** Commands answered the same way every time; `loggedIn` ones only after the login. */
export const FIXED_REPLIES: Partial<Record<string, { code: number; text: string; loggedIn: boolean }>> = {
  PBSZ: { code: 200, text: 'PBSZ=0', loggedIn: false },
  SYST: { code: 215, text: 'UNIX Type: L8', loggedIn: false },
  NOOP: { code: 200, text: 'NOOP ok.', loggedIn: false },
  PWD: { code: 257, text: '"/" is the only directory.', loggedIn: true },
  TYPE: { code: 200, text: 'TYPE ok.', loggedIn: true },
  MODE: { code: 200, text: 'MODE ok.', loggedIn: true },
  STRU: { code: 200, text: 'STRU ok.', loggedIn: true },
  OPTS: { code: 200, text: 'OPTS ok.', loggedIn: true },
};

/** FEAT's multi-line reply: the data commands, SITE CLIENT, and AUTH TLS when it has a certificate. */
export function featuresReply(tls: boolean): string {
  const lines = ['211-Features:', ' EPRT', ' EPSV', ' PASV', ' SITE CLIENT'];
  if (tls) lines.push(' AUTH TLS', ' PBSZ', ' PROT');
  return [...lines, '211 End'].map((l) => `${l}\r\n`).join('');
}
