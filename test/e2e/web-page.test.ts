// The agent's web page in real Chromium (Debian's package, driven by playwright-core, JavaScript off in
// the page): the form over HTTP Basic, a real check of the embedded FTP server, the report with its
// verdict and connection diagram at its own link (shown again without a new check, and downloaded),
// a finding's article and the guide, a refusal, a cancelled login, and a form posted from another
// site's page. Every request the browser makes is recorded: none may go anywhere but the agent.
// Screenshots are written to the OS's temporary directory and their paths printed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { CHROMIUM, chromiumForSuite } from '../helpers/chromium.js';
import { forSuite } from '../helpers/suite.js';

const SHOTS = {
  form: join(tmpdir(), 'ftpcheck-agent-form.png'),
  report: join(tmpdir(), 'ftpcheck-agent-page.png'),
  result: join(tmpdir(), 'ftpcheck-agent-result.png'),
  refusal: join(tmpdir(), 'ftpcheck-agent-refusal.png'),
  article: join(tmpdir(), 'ftpcheck-agent-article.png'),
  guide: join(tmpdir(), 'ftpcheck-agent-guide.png'),
  signIn: join(tmpdir(), 'ftpcheck-agent-sign-in.png'),
};

/** A kept result's address: /r/ and 22 random URL-safe characters. */
const RESULT_PATH = /^\/r\/[\w-]{22}$/;

/** What the page offers to Playwright's evaluate(), which runs in the browser (no DOM types here). */
interface Styled {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/**
 * Clicks, and waits for the answer to the form's POST to /check and for the page it leads to: a kept
 * result (after a 303) or the form again with a refusal.
 */
async function submit(page: Page, selector: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/check'),
    page.click(selector),
  ]);
  await page.waitForURL((url) => url.pathname === '/check' || RESULT_PATH.test(url.pathname));
  return response;
}

describe('the web page over HTTP (no browser)', () => {
  const agent = forSuite(
    () => startAgentCli(['--name', 'plain-http']),
    (a) => a.stop(),
  );
  const basic = `Basic ${Buffer.from(`helpdesk:${TEST_TOKEN}`).toString('base64')}`;
  const send = (path: string, init: RequestInit = {}) =>
    fetch(new URL(path, agent().url), { ...init, signal: AbortSignal.timeout(30_000) });
  const form = (body: string, headers: Record<string, string> = {}) =>
    send('/check', {
      method: 'POST',
      body,
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  it('asks for the token as HTTP Basic', async () => {
    const answer = await send('/');
    assert.equal(answer.status, 401);
    assert.match(answer.headers.get('www-authenticate') ?? '', /^Basic /);
    assert.equal((await form('host=h', { authorization: '' })).status, 401);
  });
  it('answers the form as HTML under its policy, without a cookie', async () => {
    const answer = await send('/', { headers: { authorization: basic } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(answer.headers.get('content-security-policy') ?? '', /^default-src 'none'; style-src 'sha256-/);
    assert.equal(answer.headers.get('set-cookie'), null);
    assert.match(await answer.text(), /<h1>ftpcheck from plain-http<\/h1>/);
  });
  it('refuses, as HTML pages: a form without its token, a body over 16 KiB', async () => {
    const untokened = await form('host=127.0.0.1&mode=both');
    assert.equal(untokened.status, 403);
    assert.match(await untokened.text(), /did not come from this agent/);
    const large = await form(`host=${'a'.repeat(20_000)}`);
    assert.equal(large.status, 413);
    assert.equal(large.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await large.text(), /larger than 16384 bytes/);
    assert.equal((await send('/check', { headers: { authorization: basic }, redirect: 'manual' })).status, 303);
  });
});

describe(
  'the web page in Chromium',
  { skip: CHROMIUM ? false : 'Chromium is not installed (apt-get install chromium)' },
  () => {
    const ftp = forSuite(
      () => startEmbeddedServer({ port: 0 }),
      (s) => s.close(),
    );
    const agent = forSuite(
      () => startAgentCli(['--name', 'web-test']),
      (a) => a.stop(),
    );
    const browser = chromiumForSuite();

    /** A page without JavaScript, with the agent's token as Basic password, recording every request. */
    async function open(): Promise<{ context: BrowserContext; page: Page; requests: string[]; console: string[] }> {
      const context = await browser().newContext({
        javaScriptEnabled: false,
        httpCredentials: { username: 'helpdesk', password: TEST_TOKEN },
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
        // The check's answer sends the browser to the result's own address.
        assert.equal(report.status(), 303);
        assert.equal(report.request().method(), 'POST');
        const resultPath = new URL(page.url()).pathname;
        assert.match(resultPath, RESULT_PATH);
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
        assert.deepEqual(requests, [agent().url, `${origin}/check`, `${origin}${resultPath}`]);
        assert.deepEqual(console, [], 'no console message (a CSP violation would show here)');
        // The agent logged the request, not the token.
        assert.match(await agent().stderrMatching(/POST \/check 303 /), /POST \/check 303 /);
        assert.ok(!agent().stderr().includes(TEST_TOKEN));
        // A reload shows the same result again: no second check.
        const startedAt = await page.locator('.meta').nth(1).textContent();
        assert.equal((await page.reload())?.status(), 200);
        assert.equal(await page.locator('.meta').nth(1).textContent(), startedAt);
        assert.equal(
          agent()
            .stderr()
            .match(/POST \/check /g)?.length,
          1,
          'one check only',
        );
        // The download is the file --report writes: the report alone, without the agent's header.
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download report')]);
        assert.match(download.suggestedFilename(), /^ftpcheck-127\.0\.0\.1-[\dT-]+\.html$/);
        const file = readFileSync(await download.path(), 'utf8');
        assert.match(file, /^<!doctype html>/);
        assert.match(file, /<h1>ftpcheck 127\.0\.0\.1.*<span class="verdict ok">OK<\/span><\/h1>/);
        assert.doesNotMatch(file, /Checked from|New check|explain\//);
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

    it("a user name from the form; its finding's article, the guide, and the result's link", async () => {
      const { context, page, requests, console } = await open();
      try {
        await page.goto(agent().url);
        await page.fill('input[name="host"]', '127.0.0.1');
        await page.fill('input[name="port"]', String(ftp().port));
        await page.check('input[name="mode"][value="passive"]');
        // The embedded server lets anonymous in only: this user, without a password, is refused.
        await page.fill('input[name="user"]', 'helpdesk-user');
        assert.equal(await page.locator('input[type="password"]').count(), 0);
        await submit(page, 'button[type="submit"]');
        const resultUrl = page.url();
        assert.match(new URL(resultUrl).pathname, RESULT_PATH);
        assert.equal(await page.locator('h1 .verdict').textContent(), 'FAILED');
        assert.match((await page.locator('.meta').nth(1).textContent()) ?? '', /user helpdesk-user/);
        await shot(page, SHOTS.result);
        // The finding links to its article, served by the agent: the words of `ftpcheck explain`.
        await page.click('#login-failed >> text=The article on');
        await page.waitForURL(/\/explain\/login-failed$/);
        assert.match((await page.locator('h1').textContent()) ?? '', /^login-failed — /);
        const article = (await page.locator('body').textContent()) ?? '';
        assert.match(article, /Likely rule/);
        assert.match(article, /ftpcheck explain login-failed/);
        await shot(page, SHOTS.article);
        // The guide, from the article's navigation; its code links land on the page's own anchors.
        await page.click('text=Troubleshooting guide');
        await page.waitForURL(/\/guide$/);
        assert.equal(await page.locator('h1').first().textContent(), 'FTP troubleshooting guide');
        assert.equal(await page.locator('a[id="login-failed"]').count(), 1);
        await shot(page, SHOTS.guide);
        // The result's link opened later (or by a colleague with the token): the same report, no check.
        const checks = agent()
          .stderr()
          .match(/POST \/check /g)?.length;
        await page.goto(resultUrl);
        assert.equal(await page.locator('h1 .verdict').textContent(), 'FAILED');
        assert.equal(
          agent()
            .stderr()
            .match(/POST \/check /g)?.length,
          checks,
        );
        const origin = new URL(agent().url).origin;
        assert.deepEqual(
          requests.filter((u) => new URL(u).origin !== origin),
          [],
          'requests beyond the agent',
        );
        assert.deepEqual(console, [], 'no console message (a CSP violation would show here)');
      } finally {
        await context.close();
      }
    });

    it('a cancelled login shows a page that says how to sign in', async () => {
      // A wrong token: Playwright answers the browser's login prompt once, then cancels it (as a person
      // does), and Chromium shows the 401 answer's page. (With no credentials at all, headless Chromium
      // ends the navigation with an error instead of a page.)
      const context = await browser().newContext({
        javaScriptEnabled: false,
        httpCredentials: { username: 'helpdesk', password: 'not-the-token' },
        viewport: { width: 1280, height: 900 },
      });
      try {
        const page = await context.newPage();
        const answer = await page.goto(agent().url);
        assert.equal(answer?.status(), 401);
        assert.equal(answer.headers()['content-type'], 'text/html; charset=utf-8');
        assert.equal(await page.locator('h1').textContent(), 'Sign in to use this ftpcheck agent');
        assert.match((await page.locator('body').textContent()) ?? '', /Password: the agent's token/);
        await shot(page, SHOTS.signIn);
      } finally {
        await context.close();
      }
    });

    it('over the rate limit: a 429 page with Retry-After', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-web-'));
      const config = join(dir, 'agent.json');
      writeFileSync(config, JSON.stringify({ checksPerMinute: 1 }));
      const limited = await startAgentCli(['--name', 'limited', '--config', config]);
      const { context, page } = await open();
      try {
        const statuses: number[] = [];
        let last: Response | undefined;
        for (let i = 0; i < 2; i++) {
          await page.goto(limited.url);
          await page.fill('input[name="host"]', '127.0.0.1');
          await page.fill('input[name="port"]', String(ftp().port));
          await page.check('input[name="mode"][value="passive"]');
          last = await submit(page, 'button[type="submit"]');
          statuses.push(last.status());
        }
        assert.deepEqual(statuses, [303, 429]);
        assert.match(last?.headers()['retry-after'] ?? '', /^\d+$/);
        assert.match((await page.locator('.refusal').textContent()) ?? '', /429 Too Many Requests/);
      } finally {
        await context.close();
        await limited.stop();
        rmSync(dir, { recursive: true, force: true });
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
