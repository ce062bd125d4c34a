// The agent's web page in real Chromium (Debian's package, driven by playwright-core, JavaScript off in
// the page): the form over HTTP Basic, a real check of the embedded FTP server, the report with its
// verdict and connection diagram, a refusal, and a form posted from another site's page. Every request
// the browser makes is recorded: none may go anywhere but the agent. Screenshots are written to the
// OS's temporary directory and their paths printed.
import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';
import { type AgentRequest, BodyTooLarge, jsonError, type Route, type RunCheck } from '../../src/agent/route.js';
import { webRoutes, type WebCheckRequest } from '../../src/agent/web.js';
import { check } from '../../src/check.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { UsageError } from '../../src/settings/usage-error.js';
import { forSuite } from '../helpers/suite.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const TOKEN = 'web-page-test-token-3f9c1e';
const SHOTS = {
  form: join(tmpdir(), 'ftpcheck-agent-form.png'),
  report: join(tmpdir(), 'ftpcheck-agent-page.png'),
  refusal: join(tmpdir(), 'ftpcheck-agent-refusal.png'),
};

/** What the page offers to Playwright's evaluate(), which runs in the browser (no DOM types here). */
interface Styled {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** Clicks, and waits for the answer to the form's POST to /check and for the page it shows. */
async function submit(page: Page, selector: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/check'),
    page.click(selector),
  ]);
  await page.waitForURL(/\/check$/);
  return response;
}

/** A stand-in for the agent's listener: Basic/Bearer auth, the 16 KiB body limit, the routes. */
async function hostRoutes(routes: Route[]): Promise<{ url: string; close(): Promise<void> }> {
  const bodyOf = (req: IncomingMessage) => async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 16384) throw new BodyTooLarge(16384);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const basic = /^Basic (.+)$/.exec(auth)?.[1];
    const given = basic ? Buffer.from(basic, 'base64').toString().split(':').slice(1).join(':') : auth.slice(7);
    if (given !== TOKEN) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="ftpcheck agent"' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://agent');
    const route = routes.find((r) => r.method === req.method && r.path === url.pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const request: AgentRequest = {
      method: req.method ?? '',
      url,
      headers: req.headers,
      caller: { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 },
      body: bodyOf(req),
    };
    route.handle(request).then(
      (a) => res.writeHead(a.status, { 'content-type': a.type ?? 'text/plain', ...a.headers }).end(a.body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The library's real check, as the agent runs it: mistakes in the request are its 400s. */
const realCheck: RunCheck = async (request) => {
  const { target, port, mode, tls } = request as WebCheckRequest;
  try {
    const report = await check({ target, port, mode, tls, timeout: 2 });
    return { kind: 'report', report: { ...report, vantage: { name: 'web-test', address: '127.0.0.1' } } as never };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'refused', answer: jsonError(400, err.message) };
    throw err;
  }
};

describe(
  'the web page in Chromium',
  { skip: CHROMIUM ? false : 'Chromium is not installed (apt-get install chromium)' },
  () => {
    const ftp = forSuite(
      () => startEmbeddedServer({ port: 0 }),
      (s) => s.close(),
    );
    const agent = forSuite(
      () => hostRoutes(webRoutes(realCheck, { name: 'web-test' })),
      (a) => a.close(),
    );
    const browser = forSuite(
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
      (b: Browser) => b.close(),
    );

    /** A page without JavaScript, with the agent's token as Basic password, recording every request. */
    async function open(): Promise<{ context: BrowserContext; page: Page; requests: string[]; console: string[] }> {
      const context = await browser().newContext({
        javaScriptEnabled: false,
        httpCredentials: { username: 'helpdesk', password: TOKEN },
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      const requests: string[] = [];
      const console: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => console.push(m.text()));
      return { context, page, requests, console };
    }

    const shot = async (page: Page, path: string): Promise<void> => {
      rmSync(path, { force: true });
      await page.screenshot({ path, fullPage: true });
      assert.ok(statSync(path).size > 10_000, 'a screenshot with content');
      process.stdout.write(`# screenshot: ${path}\n`);
    };

    it('form, submit without JavaScript, the report with its diagram; nothing but the agent asked', async () => {
      const { context, page, requests, console } = await open();
      try {
        const answer = await page.goto(agent().url);
        assert.equal(answer?.status(), 200);
        assert.match(answer.headers()['content-security-policy'] ?? '', /default-src 'none'/);
        await shot(page, SHOTS.form);
        await page.fill('input[name="host"]', '127.0.0.1');
        await page.fill('input[name="port"]', String(ftp().port));
        await page.check('input[name="mode"][value="both"]');
        const report = await submit(page, 'button[type="submit"]');
        assert.equal(report.status(), 200);
        assert.equal(report.request().method(), 'POST');
        assert.equal(new URL(page.url()).pathname, '/check');
        assert.equal(await page.locator('h1 .verdict').textContent(), 'OK');
        assert.match((await page.locator('body').textContent()) ?? '', /Checked from web-test/);
        const diagram = page.locator('svg[aria-label="Connections between client and server"]');
        assert.equal(await diagram.count(), 1);
        const labels = (await diagram.locator('text').allTextContents()).join('\n');
        for (const connection of [/✔ control/, /✔ passive data/, /✔ active data/]) assert.match(labels, connection);
        assert.equal(await diagram.locator('line').count(), 3);
        // The style sheet applied (its hash is in the CSP): the verdict badge is green.
        // (Playwright evaluates this through the DevTools protocol: the page's own scripts stay off.)
        const badge = await page
          .locator('h1 .verdict')
          .evaluate((e) => (globalThis as unknown as Styled).getComputedStyle(e).backgroundColor);
        assert.equal(badge, 'rgb(26, 127, 55)');
        await shot(page, SHOTS.report);
        const origin = new URL(agent().url).origin;
        assert.deepEqual(
          requests.filter((u) => new URL(u).origin !== origin),
          [],
          'requests beyond the agent',
        );
        assert.deepEqual(requests, [agent().url, `${origin}/check`]);
        assert.deepEqual(console, [], 'no console message (a CSP violation would show here)');
        // Back to the form.
        await page.click('text=New check');
        await page.waitForURL(agent().url);
        assert.equal(await page.locator('input[name="host"]').inputValue(), '');
      } finally {
        await context.close();
      }
    });

    it('a refusal is a page with its status, the form kept', async () => {
      const { context, page } = await open();
      try {
        await page.goto(agent().url);
        await page.fill('input[name="host"]', '127.0.0.1');
        await page.fill('input[name="port"]', '70000');
        const answer = await submit(page, 'button[type="submit"]');
        assert.equal(answer.status(), 400);
        assert.match(
          (await page.locator('.refusal').textContent()) ?? '',
          /400 Bad Request\s+.*invalid port 70000: expected a whole number/,
        );
        assert.equal(await page.locator('input[name="port"]').inputValue(), '70000');
        await shot(page, SHOTS.refusal);
      } finally {
        await context.close();
      }
    });

    it("a form on another site's page cannot start a check with the browser's credentials", async () => {
      const other = createServer((_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<form method="post" action="${agent().url}check"><input name="host" value="127.0.0.1">` +
              `<input name="port" value="${ftp().port}"><button>go</button></form>`,
          );
      });
      // Another origin: another loopback address.
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
      const { context, page } = await open();
      try {
        await page.goto(`http://127.0.0.2:${(other.address() as AddressInfo).port}/`);
        const answer = await submit(page, 'button');
        assert.equal(answer.status(), 403);
        assert.match((await page.locator('.refusal').textContent()) ?? '', /another site/);
      } finally {
        await context.close();
        other.closeAllConnections();
        await new Promise((resolve) => other.close(resolve));
      }
    });
  },
);
