// Debian's Chromium for the tests that drive a real browser (playwright-core, no browser download).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { forSuite } from './suite.js';

/** The installed Chromium, or undefined: a suite that needs it skips itself. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** One Chromium for the suite's tests, launched before them and closed after them. */
export function chromiumForSuite(): () => Browser {
  return forSuite(
    () =>
      chromium.launch({
        executablePath: CHROMIUM,
        // As root Chromium needs --no-sandbox; the rest keeps it from reaching out on its own.
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        timeout: 60_000,
      }),
    (b) => b.close(),
  );
}
