// The agent's web page without a network: the form read into a check (a table), the form tokens, the
// pages escaped and self-contained under their Content-Security-Policy, and the routes' answers to
// refusals, foreign sites, wrong bodies and reports.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { formTokens } from '../../src/agent/form-tokens.js';
import { CONTENT_SECURITY_POLICY } from '../../src/agent/page.js';
import { EMPTY_FORM, parseForm, type WebCheckRequest } from '../../src/agent/web-form.js';
import { formPage, reportPage } from '../../src/agent/web-pages.js';
import { type WebInfo, webRoutes } from '../../src/agent/web.js';
import { renderHtml } from '../../src/report/html.js';
import {
  type AgentAnswer,
  type AgentRequest,
  BodyTooLarge,
  jsonError,
  type CheckForCaller,
} from '../../src/agent/route.js';
import { FILTERED, healthyReport } from './reports.js';

const MODULES = ['default', 'shop'];
const form = (fields: Record<string, string>): string => new URLSearchParams({ token: 't', ...fields }).toString();

describe('parseForm', () => {
  const good: [string, Record<string, string>, WebCheckRequest][] = [
    ['host only: mode both', { host: 'ftp.example.com' }, { target: 'ftp.example.com', mode: 'both' }],
    [
      'port, passive, trimmed',
      { host: ' 192.0.2.7 ', port: ' 2121 ', mode: 'passive', tls: 'none' },
      { target: '192.0.2.7', port: 2121, mode: 'passive' },
    ],
    ['explicit TLS', { host: 'h', mode: 'active', tls: 'explicit' }, { target: 'h', mode: 'active', tls: true }],
    ['implicit TLS: an ftps:// URL', { host: 'h:990', tls: 'implicit' }, { target: 'ftps://h:990', mode: 'both' }],
    [
      'implicit TLS, bare IPv6',
      { host: '2001:db8::1', tls: 'implicit' },
      { target: 'ftps://[2001:db8::1]', mode: 'both' },
    ],
    ['implicit TLS, given as URL', { host: 'ftps://h', tls: 'implicit' }, { target: 'ftps://h', mode: 'both' }],
    ['a module', { host: 'h', module: 'shop' }, { target: 'h', mode: 'both', module: 'shop' }],
    ['a user name, trimmed', { host: 'h', user: ' alice ' }, { target: 'h', mode: 'both', user: 'alice' }],
    ['an empty user name: anonymous', { host: 'h', user: '' }, { target: 'h', mode: 'both' }],
  ];
  for (const [name, fields, request] of good)
    it(`reads ${name}`, () => {
      const parsed = parseForm(form(fields), MODULES);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
      assert.deepEqual(parsed.request, request);
      assert.equal(parsed.token, 't');
    });

  const bad: [string, string, RegExp][] = [
    ['no host', form({ host: '  ' }), /host name or address/],
    [
      'a port that is no number',
      form({ host: 'h', port: '21a' }),
      /^invalid port "21a": expected a whole number from 1/,
    ],
    ['a port out of range', form({ host: 'h', port: '70000' }), /^invalid port 70000: expected a whole number from 1/],
    [
      'an unknown mode',
      form({ host: 'h', mode: 'sideways' }),
      /^invalid mode "sideways": expected passive, active or both/,
    ],
    ['an unknown TLS choice', form({ host: 'h', tls: 'maybe' }), /TLS choice "maybe"/],
    ['an unknown module', form({ host: 'h', module: 'root' }), /no module "root"/],
    ['a password field', form({ host: 'h', password: 'secret' }), /unknown field "password"/],
    ['a field twice', `${form({ host: 'h' })}&host=other`, /"host" twice/],
    ['ftp:// with implicit TLS', form({ host: 'ftp://h', tls: 'implicit' }), /ftp:\/\/.*choose one/],
    ['ftps:// with explicit TLS', form({ host: 'ftps://h', tls: 'explicit' }), /implicit TLS, not explicit/],
  ];
  for (const [name, body, message] of bad)
    it(`refuses ${name}`, () => {
      const parsed = parseForm(body, MODULES);
      assert.ok(!parsed.ok);
      assert.match(parsed.message, message);
    });

  it('keeps what was typed, for the form shown again', () => {
    const parsed = parseForm(form({ host: 'h', port: 'x', mode: 'active', tls: 'explicit', user: 'bob' }), MODULES);
    assert.deepEqual(parsed.values, { host: 'h', port: 'x', mode: 'active', tls: 'explicit', user: 'bob', module: '' });
  });
});

describe('form tokens', () => {
  let clock = 1_700_000_000_000;
  const tokens = formTokens(Buffer.alloc(32, 1), () => clock);
  it('accepts its own token, within its lifetime only', () => {
    const token = tokens.issue();
    assert.ok(tokens.valid(token));
    clock += 11 * 3600_000;
    assert.ok(tokens.valid(token));
    clock += 2 * 3600_000;
    assert.equal(tokens.valid(token), false);
  });
  it("refuses another key's, a changed one, one from the future and garbage", () => {
    const token = tokens.issue();
    assert.equal(formTokens(Buffer.alloc(32, 2), () => clock).valid(token), false);
    const [issued = '', mac = ''] = token.split('.');
    assert.equal(tokens.valid(`${Number(issued) + 1}.${mac}`), false);
    assert.equal(tokens.valid(`${issued}.${mac.slice(1)}A`), false);
    const later = formTokens(Buffer.alloc(32, 1), () => clock + 3600_000).issue();
    assert.equal(tokens.valid(later), false);
    for (const junk of ['', 't', '1.2', `${issued}.${mac}x`]) assert.equal(tokens.valid(junk), false);
  });
});

const HOSTILE = '"><script>alert(1)</script>\x1b[31m\u202e';

/** The sheets of a page, each named in the policy by its hash: otherwise Chromium would not apply them. */
function assertStylesAllowed(page: string): void {
  const sheets = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
  assert.ok(sheets.length > 0);
  for (const css of sheets)
    assert.ok(CONTENT_SECURITY_POLICY.includes(`'sha256-${createHash('sha256').update(css).digest('base64')}'`));
  assert.doesNotMatch(page, /style="/, 'no style attribute (a hash does not cover them)');
}

function assertSelfContained(page: string): void {
  assert.doesNotMatch(page, /<script|<link |<img |src=|url\(http|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
}

describe('pages', () => {
  const info = { name: `eu-1${HOSTILE}`, modules: { default: {}, shop: { user: `shop${HOSTILE}` } } };
  it('the form: escaped, self-contained, no password field, the modules offered', () => {
    const page = formPage(
      info,
      'tok"en',
      { ...EMPTY_FORM, host: HOSTILE, module: 'shop' },
      {
        status: 403,
        message: `refused: ${HOSTILE}`,
      },
    );
    assert.ok(!/<script|\u202e/.test(page) && !page.includes('\x1b'), 'no markup or control character from the input');
    assert.match(page, /&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;\\x1b\[31m\\u202e/);
    assert.match(page, /value="tok&#34;en"/);
    assert.match(page, /<option value="shop" selected>shop \(user shop&#34;&#62;/);
    assert.match(page, /<h2>403 Forbidden<\/h2>/);
    assert.match(page, /<form method="post" action="check"/);
    assert.match(page, /<input type="radio" name="mode" value="both" checked>/);
    assert.doesNotMatch(page, /type="password"|name="password"/);
    assert.match(page, /<input type="text" name="user" value=""/);
    assertSelfContained(page);
    assertStylesAllowed(page);
  });
  it('no module choice when the configuration has only an anonymous default', () => {
    assert.doesNotMatch(formPage({ name: 'x', modules: { default: {} } }, 't', EMPTY_FORM), /<select/);
  });
  it('the report: --report with the vantage and a way back', () => {
    const report = { ...healthyReport(), vantage: { name: `eu-1${HOSTILE}`, address: '203.0.113.5' } };
    const page = reportPage(info, report);
    assert.match(
      page,
      /Checked from <strong>eu-1&#34;&#62;&#60;script&#62;.*<\/strong> \(its address 203\.0\.113\.5\)/,
    );
    assert.match(page, /<a href="\.\/">New check<\/a>/);
    assert.doesNotMatch(page, /Download report/, 'a report not kept has no link of its own');
    assert.match(page, /<title>ftpcheck .*: OK from eu-1&#34;/);
    assert.match(page, /class="verdict ok"/);
    assert.match(page, /<svg /);
    assertSelfContained(page);
    assertStylesAllowed(page);
  });
  it('a kept result: its link, its download, the guide, and each finding linked to its article', () => {
    const report = { ...healthyReport(), findings: [structuredClone(FILTERED)] };
    const page = reportPage(info, report, '../', 'AbCdEfGhIjKlMnOpQrStUv');
    assert.match(page, /<a href="\.\.\/">New check<\/a>/);
    assert.match(page, /<a href="AbCdEfGhIjKlMnOpQrStUv">Link to this result<\/a>/);
    assert.match(page, /<a href="AbCdEfGhIjKlMnOpQrStUv\.html" download>Download report<\/a>/);
    assert.match(page, /<a href="\.\.\/guide">Guide<\/a>/);
    assert.match(
      page,
      /<a href="\.\.\/explain\/pasv-data-filtered">The article on <code>pasv-data-filtered<\/code><\/a>/,
    );
    assertSelfContained(page);
    assertStylesAllowed(page);
  });
});

function get(path: string): AgentRequest {
  return { ...post(''), method: 'GET', url: new URL(`http://agent${path}`) };
}

function post(body: string, headers: Record<string, string> = {}, tooLarge = false): AgentRequest {
  return {
    method: 'POST',
    url: new URL('http://agent/check'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    caller: { address: '127.0.0.1', port: 50000 },
    body: () => (tooLarge ? Promise.reject(new BodyTooLarge(16384)) : Promise.resolve(Buffer.from(body))),
  };
}

describe('webRoutes', () => {
  const calls: unknown[] = [];
  const refusing: CheckForCaller = (request) => {
    calls.push(request);
    return Promise.resolve({
      kind: 'refused',
      answer: jsonError(429, `too many checks from you ${HOSTILE}`, { 'retry-after': '12' }),
    });
  };
  const reporting: CheckForCaller = () => Promise.resolve({ kind: 'report', report: healthyReport() });
  const routesOf = (run: CheckForCaller, more: Partial<WebInfo> = {}) => {
    const routes = webRoutes(run, { name: 'lab', formKey: Buffer.alloc(32, 7), ...more });
    const route = (method: string, path: string) => {
      const found = routes.find(
        (r) => r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
      );
      if (!found) throw new Error(`no ${method} ${path}`);
      return found;
    };
    return {
      form: route('GET', '/'),
      check: route('POST', '/check'),
      reload: route('GET', '/check'),
      result: route('GET', '/r/x'),
    };
  };
  const tokenOf = (page: AgentAnswer): string => /name="token" value="([^"]+)"/.exec(page.body.toString())?.[1] ?? '';

  it('GET / answers the form with the policy, uncached', async () => {
    const { form: get } = routesOf(reporting);
    const answer = await get.handle(post(''));
    assert.equal(answer.status, 200);
    assert.equal(answer.type, 'text/html; charset=utf-8');
    assert.equal(answer.headers?.['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.equal(
      Object.keys(answer.headers).some((h) => /cookie/i.test(h)),
      false,
    );
  });
  it("a refusal becomes the form again, with the refusal's status, words and headers", async () => {
    const { form: get, check } = routesOf(refusing);
    const token = tokenOf(await get.handle(post('')));
    const answer = await check.handle(
      post(new URLSearchParams({ token, host: 'ftp.example.com', mode: 'active' }).toString()),
    );
    assert.deepEqual(calls.at(-1), { target: 'ftp.example.com', mode: 'active' });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers?.['retry-after'], '12');
    const page = answer.body.toString();
    assert.match(page, /<h2>429 Too Many Requests<\/h2>\n<p>too many checks from you &#34;&#62;&#60;script&#62;/);
    assert.match(page, /name="host" value="ftp\.example\.com"/);
    assert.match(page, /value="active" checked/);
  });
  it('a report is kept: the browser is sent to its link, which shows it again; its file downloads', async () => {
    const { form, check, result } = routesOf(reporting);
    const token = tokenOf(await form.handle(post('')));
    const answer = await check.handle(post(new URLSearchParams({ token, host: 'h', user: 'alice' }).toString()));
    assert.equal(answer.status, 303);
    assert.equal(answer.headers?.['content-security-policy'], CONTENT_SECURITY_POLICY);
    const id = /^r\/([\w-]{22})$/.exec(answer.headers.location ?? '')?.[1] ?? '';
    assert.ok(id, `location: ${answer.headers.location ?? ''}`);
    for (let i = 0; i < 2; i++) {
      const shown = await result.handle(get(`/r/${id}`));
      assert.equal(shown.status, 200);
      assert.match(shown.body.toString(), /Checked from <strong>lab<\/strong> · <a href="\.\.\/">New check/);
    }
    const file = await result.handle(get(`/r/${id}.html`));
    assert.equal(file.status, 200);
    assert.match(file.headers?.['content-disposition'] ?? '', /^attachment; filename="ftpcheck-[\w.-]+\.html"$/);
    assert.equal(file.body, renderHtml(healthyReport()), 'the file --report writes');
    for (const wrong of ['/r/AAAAAAAAAAAAAAAAAAAAAA', `/r/${id}x`, '/r/..', `/r/${id}.htm`]) {
      const gone = await result.handle(get(wrong));
      assert.equal(gone.status, 404, wrong);
      assert.match(gone.body.toString(), /keeps each result for 24 hours, and the last 100 results/);
    }
  });
  it('results expire after their time, the oldest dropped beyond their count; count 0 keeps none', async () => {
    let clock = 1_000_000;
    const { form, check, result } = routesOf(reporting, {
      results: { keepMs: 60_000, count: 2 },
      now: () => clock,
    });
    const token = tokenOf(await form.handle(post('')));
    const submitOne = async (): Promise<string> =>
      (await check.handle(post(new URLSearchParams({ token, host: 'h' }).toString()))).headers?.location ?? '';
    const [first, second, third] = [await submitOne(), await submitOne(), await submitOne()];
    assert.equal((await result.handle(get(`/${first}`))).status, 404, 'the oldest, beyond the count');
    assert.equal((await result.handle(get(`/${second}`))).status, 200);
    clock += 60_001;
    assert.equal((await result.handle(get(`/${third}`))).status, 404, 'past its time');
    const none = routesOf(reporting, { results: { keepMs: 60_000, count: 0 } });
    const direct = await none.check.handle(
      post(new URLSearchParams({ token: tokenOf(await none.form.handle(post(''))), host: 'h' }).toString()),
    );
    assert.equal(direct.status, 200);
    assert.match(direct.body.toString(), /Checked from <strong>lab<\/strong> · <a href="\.\/">New check/);
  });
  it('refuses, before any check: a foreign site, no token, a wrong body, a body too large, a bad form', async () => {
    const before = calls.length;
    const { form: get, check } = routesOf(refusing);
    const token = tokenOf(await get.handle(post('')));
    const good = new URLSearchParams({ token, host: 'h' }).toString();
    const cases: [AgentRequest, number, RegExp][] = [
      [post(good, { 'sec-fetch-site': 'cross-site' }), 403, /another site/],
      [post(good, { 'sec-fetch-site': 'same-site' }), 403, /another site/],
      [post('host=h'), 403, /expired or did not come from this agent/],
      [post(new URLSearchParams({ token: `${token}x`, host: 'h' }).toString()), 403, /expired/],
      [post(good, { 'content-type': 'multipart/form-data; boundary=x' }), 415, /x-www-form-urlencoded/],
      [post(good, {}, true), 413, /larger than 16384 bytes/],
      [post(`${good}&port=abc`), 400, /invalid port &#34;abc&#34;: expected a whole number from 1 to 65535/],
    ];
    for (const [request, status, message] of cases) {
      const answer = await check.handle(request);
      assert.equal(answer.status, status);
      assert.match(answer.body.toString(), message);
    }
    assert.equal(calls.length, before, 'no check ran');
    assert.equal((await check.handle(post(good, { 'sec-fetch-site': 'same-origin' }))).status, 429);
  });
  it('GET /check sends the browser to the form', async () => {
    const answer = await routesOf(reporting).reload.handle(post(''));
    assert.equal(answer.status, 303);
    assert.equal(answer.headers?.location, './');
  });
});
