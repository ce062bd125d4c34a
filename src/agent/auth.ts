// The agent's token: every request carries it, as `Authorization: Bearer TOKEN` (scripts, Prometheus's
// `authorization` setting) or as HTTP Basic with any user name and the token as the password (browsers,
// Prometheus's `basic_auth`). Tokens are compared in constant time, over digests of equal length, so
// neither the content nor the length of the token leaks through the time an answer takes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopbackListener } from './policy.js';

/** The environment variable the token comes from; never a command-line argument (the process list shows those). */
export const TOKEN_ENV = 'FTPCHECK_AGENT_TOKEN';

export const REALM = 'ftpcheck agent';

/** The exporter's own token variable (`ftpcheck exporter` is the same server with its metric routes only). */
export const EXPORTER_TOKEN_ENV = 'FTPCHECK_EXPORTER_TOKEN';

/** A token shorter than this is refused at start-up: a guessable token is no protection. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The characters a token may use: what `openssl rand -hex` and `-base64` and URL-safe generators
 * write. No whitespace (a header or a shell loses it), no quotes, backslashes or colons (they change
 * when an answer is JSON-escaped, so the redaction of a repeated token could miss them).
 */
const TOKEN_CHARACTERS = /^[A-Za-z0-9._~+/=-]+$/;

const TOKEN_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[._~+/=-]/];

/** The rule in words, for the start-up error. */
export const TOKEN_RULE =
  `at least ${MIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 . _ ~ + / = -, from at least two of those ` +
  'classes (letters, capitals, digits, symbols); e.g. openssl rand -hex 32';

/** Why a token is too weak to protect a service, or undefined. Never repeats the token. */
export function tokenWeakness(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `is shorter than ${MIN_TOKEN_LENGTH} characters`;
  if (!TOKEN_CHARACTERS.test(token)) return 'holds whitespace or another character outside the allowed ones';
  if (TOKEN_CLASSES.filter((c) => c.test(token)).length < 2) return 'is all one class of characters';
  return undefined;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The secret a request offers: the Bearer token, or the password of HTTP Basic. */
export function offeredSecret(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const bearer = /^Bearer +(\S+) *$/i.exec(authorization);
  if (bearer?.[1] !== undefined) return bearer[1];
  const basic = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
  if (basic?.[1] === undefined) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** A checker for one token: true when the request's Authorization header carries it. */
export function tokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const offered = offeredSecret(authorization);
    // Hash even when nothing was offered, so a missing header takes the time of a wrong one.
    const equal = timingSafeEqual(digest(offered ?? ''), expected);
    return offered !== undefined && equal;
  };
}

/**
 * Refuses what must not start: beyond loopback (or behind a trusted proxy) without a token, unless
 * noAuth; a weak token (tokenWeakness()). `tokenEnv` names where the token comes from (the exporter
 * has its own).
 */
export function authProblem(
  host: string,
  token: string | undefined,
  noAuth: boolean,
  behindProxy = false,
  tokenEnv = TOKEN_ENV,
): string | undefined {
  if (noAuth && token !== undefined)
    return `--no-auth and ${tokenEnv} contradict each other: unset the token or drop --no-auth`;
  const weakness = token === undefined ? undefined : tokenWeakness(token);
  if (weakness !== undefined) return `${tokenEnv} ${weakness}: a token needs ${TOKEN_RULE}`;
  if (token === undefined && !noAuth && behindProxy)
    return `behind a reverse proxy (--trust-proxy) the agent needs a token: set ${tokenEnv} (or give --no-auth, knowingly)`;
  if (token === undefined && !noAuth && !isLoopbackListener(host))
    return `listening on ${host}, beyond loopback, needs a token: set ${tokenEnv} (or give --no-auth to run without one, knowingly)`;
  return undefined;
}
