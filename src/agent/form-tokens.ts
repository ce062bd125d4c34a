// The web form's tokens, against cross-site requests: a browser replays HTTP Basic credentials on any
// request to the agent, also one that another site's page makes, so the form carries a token that only
// a page of this agent can know: an HMAC of its issue time under a key of the agent (random per process
// unless one is given), valid for 12 hours. Another site cannot read the form to learn it (the
// same-origin policy, and the page refuses framing). A Host/Origin comparison was not chosen because
// reverse proxies in front of the agent commonly rewrite Host (nginx's default does).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form tokens: the issue time in seconds and its HMAC, `1700000000.<base64url>`. */
export function formTokens(key: Buffer, now: () => number, lifetimeMs = 12 * 3600_000) {
  const mac = (issued: string): string =>
    createHmac('sha256', key).update(`ftpcheck web form ${issued}`).digest('base64url');
  return {
    issue(): string {
      const issued = String(Math.floor(now() / 1000));
      return `${issued}.${mac(issued)}`;
    },
    valid(token: string): boolean {
      const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token);
      if (!match) return false;
      const [, issued = '', given = ''] = match;
      const ageMs = now() - Number(issued) * 1000;
      if (ageMs < -60_000 || ageMs > lifetimeMs) return false;
      return timingSafeEqual(Buffer.from(given), Buffer.from(mac(issued)));
    },
  };
}
