// A browser that holds the agent's Basic credentials visits another site, whose page submits a form to
// the agent's JSON API on its own: a text/plain form whose field name and value make a JSON body (the
// `=` between them absorbed by a string field). Real Chromium (Debian's package, driven by
// playwright-core); the FTP server the check would reach counts connections: none may arrive.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { CHROMIUM, chromiumForSuite } from '../helpers/chromium.js';
import { startCountingFtp } from '../helpers/front-door.js';
import { forSuite } from '../helpers/suite.js';

/** The other site's page: a form that posts itself to the agent's /api/check as text/plain. */
function foreignPage(action: string, ftpPort: number): string {
  const name = `{"target":"127.0.0.1","port":${ftpPort},"timeout":2,"mode":"passive","user":"`;
  return [
    '<!doctype html><title>cats</title>',
    `<form method="post" enctype="text/plain" action="${action}">`,
    `<input type="hidden" name='${name}' value='anonymous"}'></form>`,
    '<script>document.forms[0].submit()</script>',
  ].join('');
}

describe(
  'a form on another site posting to the JSON API',
  { skip: CHROMIUM ? false : 'Chromium is not installed' },
  () => {
    const ftp = forSuite(startCountingFtp, (f) => f.close());
    const agent = forSuite(
      () => startAgentCli(['--name', 'cross-site']),
      (a) => a.stop(),
    );
    const browser = chromiumForSuite();

    it("runs no check with the browser's credentials", async () => {
      // Another origin: another loopback address.
      const other: Server = createServer((_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(foreignPage(`${agent().url}api/check`, ftp().port));
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
      const context = await browser().newContext({ httpCredentials: { username: 'helpdesk', password: TEST_TOKEN } });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(60_000);
        // The helpdesk has the agent's page open: the browser holds its credentials.
        assert.equal((await page.goto(agent().url))?.status(), 200);
        const [answer] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/api/check'),
          page.goto(`http://127.0.0.2:${(other.address() as AddressInfo).port}/`),
        ]);
        const sent = answer.request();
        assert.equal(sent.method(), 'POST');
        assert.match(sent.headers()['content-type'] ?? '', /^text\/plain/);
        // Not 401: the browser's credentials were accepted (the network stack adds them, so Playwright's
        // view of the request does not show them); what refused the request is the cross-site rule.
        const text = await answer.text();
        assert.equal(answer.status(), 403, text);
        assert.match(text, /another site's page \(Sec-Fetch-Site: cross-site\)/);
        assert.equal(ftp().connections(), 0, 'the FTP server saw no connection: no check ran');
      } finally {
        await context.close();
        other.closeAllConnections();
        await new Promise((resolve) => other.close(resolve));
      }
    });
  },
);
