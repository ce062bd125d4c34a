// PASV/EPSV replies and PORT/EPRT commands (RFC 959, RFC 2428), pure.

export interface PasvAddress {
  address: string;
  port: number;
}

// Servers differ: "(h1,h2,h3,h4,p1,p2)", without parentheses, with spaces after the commas, or "=h1,…".
const PASV_NUMBERS = /(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})/;

/** Parses the text of a 227 reply. */
export function parsePasv(text: string): PasvAddress | undefined {
  const m = PASV_NUMBERS.exec(text);
  if (!m) return undefined;
  const n = m.slice(1, 7).map(Number);
  if (n.some((x) => x > 255)) return undefined;
  const [a, b, c, d, p1, p2] = n as [number, number, number, number, number, number];
  const port = p1 * 256 + p2;
  if (port === 0) return undefined;
  return { address: `${a}.${b}.${c}.${d}`, port };
}

// RFC 2428: "(<d><d><d><port><d>)" where <d> is any printable character, usually "|".
const EPSV_PORT = /\(([\x21-\x7e])\1\1(\d{1,5})\1\)/;

/** Parses the text of a 229 reply to the port it names. */
export function parseEpsv(text: string): number | undefined {
  const m = EPSV_PORT.exec(text);
  if (!m?.[2]) return undefined;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? port : undefined;
}

export function encodePort(address: string, port: number): string {
  const p1 = Math.floor(port / 256);
  const p2 = port % 256;
  return `PORT ${address.split('.').join(',')},${p1},${p2}`;
}

export function encodeEprt(address: string, family: 4 | 6, port: number): string {
  return `EPRT |${family === 6 ? 2 : 1}|${address}|${port}|`;
}
