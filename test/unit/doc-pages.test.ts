// The agent's reading pages without a network: every article's page says what `ftpcheck explain CODE`
// prints, the guide's links land, the Markdown renderer turns hostile text into text, the sign-in page
// answers browsers, and the configuration's retention settings are read strictly.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadAgentConfig } from '../../src/agent/config.js';
import { articlePage, docRoutes, guidePage, indexPage } from '../../src/agent/doc-pages.js';
import { markdownToHtml } from '../../src/agent/markdown.js';
import { unauthorized } from '../../src/agent/unauthorized.js';
import { REALM } from '../../src/agent/auth.js';
import { CONTENT_SECURITY_POLICY } from '../../src/agent/page.js';
import { renderArticle } from '../../src/docs/article.js';
import { FINDING_CODES } from '../../src/model/findings.js';

/** What a reader sees of a page: its text without tags, entities decoded, spaces collapsed. */
function textOf(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');
}

function assertPagePolicy(page: string): void {
  assert.doesNotMatch(page, /<script|<link |<img |src=|style="/i);
  for (const [, css = ''] of page.matchAll(/<style>([\s\S]*?)<\/style>/g))
    assert.ok(CONTENT_SECURITY_POLICY.includes(createHash('sha256').update(css).digest('base64')), 'style allowed');
}

describe('article pages', () => {
  it("every code's page holds the words of `ftpcheck explain CODE`", () => {
    for (const code of FINDING_CODES) {
      const answer = articlePage(code);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers?.['content-security-policy'], CONTENT_SECURITY_POLICY);
      const page = answer.body.toString();
      assertPagePolicy(page);
      const squeezed = textOf(page).replace(/ /g, '');
      for (const raw of renderArticle(code, 'text').split('\n')) {
        const line = raw.trim().replace(/^- /, '').replace(/:$/, '').replace(/`/g, '').replace(/\s+/g, ' ');
        // Compared without spaces: a tag's end may stand between words and punctuation.
        if (line !== '')
          assert.ok(squeezed.includes(line.replace(/ /g, '')), `${code}: "${line}" missing from its page`);
      }
      assert.match(page, new RegExp(`<a href="\\.\\./guide#${code}">`));
    }
  });
  it('an unknown code: 404 with the nearest, the input escaped', () => {
    const answer = articlePage('pasv-rejectd<script>');
    assert.equal(answer.status, 404);
    const page = answer.body.toString();
    assert.match(page, /No finding code “pasv-rejectd&#60;script&#62;”/);
    assert.match(page, /<a href="pasv-rejected"><code>pasv-rejected<\/code><\/a>/);
    assertPagePolicy(page);
  });
  it('the route decodes the path, and survives broken percent-encoding', async () => {
    const route = docRoutes().find((r) => typeof r.path !== 'string' && r.path.test('/explain/x'));
    assert.ok(route);
    const request = (path: string) => ({
      method: 'GET',
      url: new URL(`http://agent${path}`),
      headers: {},
      caller: { address: '127.0.0.1', port: 1 },
      body: () => Promise.resolve(Buffer.alloc(0)),
    });
    assert.equal((await route.handle(request('/explain/control-filtered'))).status, 200);
    assert.equal((await route.handle(request('/explain/%E0%A4%A'))).status, 404);
  });
  it('the index links every code', () => {
    const page = indexPage().body.toString();
    for (const code of FINDING_CODES) assert.ok(page.includes(`<a href="explain/${code}">`), code);
    assertPagePolicy(page);
  });
});

describe('the guide page', () => {
  it('every in-page link lands on an id of the page, and every code has its anchor', () => {
    const page = guidePage().body.toString();
    assertPagePolicy(page);
    const ids = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const code of FINDING_CODES) assert.ok(ids.has(code), `anchor ${code}`);
    const targets = [...page.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(targets.length > 10);
    for (const target of targets) assert.ok(ids.has(target), `link #${target} lands nowhere`);
    assert.match(page, /<h1 id="ftp-troubleshooting-guide">FTP troubleshooting guide<\/h1>/);
  });
});

describe('markdownToHtml', () => {
  const cases: [string, string, string][] = [
    ['markup in text', 'a <script>alert(1)</script> b', '<p>a &#60;script&#62;alert(1)&#60;/script&#62; b</p>'],
    ['markup in code', 'run `<b onclick=x>`', '<p>run <code>&#60;b onclick=x&#62;</code></p>'],
    ['a javascript: link', '[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>'],
    ['a link with a quote', '[x](#a"onmouseover=y)', '<p>[x](#a&#34;onmouseover=y)</p>'],
    ['an anchor link', 'see [`a-b`](#a-b)', '<p>see <a href="#a-b"><code>a-b</code></a></p>'],
    ['an anchor line', '<a id="x-1"></a>', '<a id="x-1"></a>'],
    [
      'an anchor line with more',
      '<a id="x" onclick="y"></a>',
      '<p>&#60;a id=&#34;x&#34; onclick=&#34;y&#34;&#62;&#60;/a&#62;</p>',
    ],
    ['strong and emphasis', '**Fixes** and *this*', '<p><strong>Fixes</strong> and <em>this</em></p>'],
    ['a heading', '### `code` — Title', '<h3 id="code--title"><code>code</code> — Title</h3>'],
    ['nested lists', '- a\n  - b\n- c', '<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>'],
    ['an ordered list', '1. one\n2. two', '<ol><li>one</li><li>two</li></ol>'],
    [
      'a table',
      '| a | b |\n|---|---|\n| <i> | `c` |',
      '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>&#60;i&#62;</td><td><code>c</code></td></tr>\n</tbody></table>',
    ],
    ['fenced code', '```\n<x>\n```', '<pre><code>&#60;x&#62;</code></pre>'],
    ['a comment dropped', '<!-- generated -->\ntext', '<p>text</p>'],
  ];
  for (const [name, markdown, html] of cases) it(name, () => assert.equal(markdownToHtml(markdown), html));
});

describe('the sign-in page', () => {
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  it('a browser gets HTML that says how to sign in, with the challenge', () => {
    const answer = unauthorized(BROWSER, 'agent', REALM);
    assert.equal(answer.status, 401);
    assert.equal(answer.type, 'text/html; charset=utf-8');
    assert.match(answer.headers?.['www-authenticate'] ?? '', /^Basic realm="ftpcheck agent"/);
    const text = textOf(answer.body.toString());
    assert.match(text, /Reload this page/);
    assert.match(text, /Password: the agent's token/);
    assert.match(text, /FTPCHECK_AGENT_TOKEN/);
    assertPagePolicy(answer.body.toString());
  });
  it('scripts and curl get the JSON error', () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/htmlx']) {
      const answer = unauthorized(accept, 'agent', REALM);
      assert.equal(answer.status, 401);
      assert.match(answer.type ?? '', /^application\/json/);
      assert.match(answer.body.toString(), /needs its token/);
      assert.ok(answer.headers?.['www-authenticate']);
    }
  });
});

describe('result retention settings', () => {
  const withConfig = (settings: object, body: (path: string) => void): void => {
    const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-agent-config-'));
    try {
      const path = join(dir, 'agent.json');
      writeFileSync(path, JSON.stringify(settings));
      body(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('defaults to 24 hours and 100 results', () => {
    const config = loadAgentConfig(undefined);
    assert.equal(config.keepResultsHours, 24);
    assert.equal(config.keepResultsCount, 100);
  });
  it('reads them from the file', () => {
    withConfig({ keepResultsHours: 0.5, keepResultsCount: 0 }, (path) => {
      const config = loadAgentConfig(path);
      assert.equal(config.keepResultsHours, 0.5);
      assert.equal(config.keepResultsCount, 0);
    });
  });
  for (const [settings, message] of [
    [{ keepResultsHours: 0 }, /"keepResultsHours" must be a number above 0 and at most 168/],
    [{ keepResultsHours: '24' }, /"keepResultsHours"/],
    [{ keepResultsCount: 1.5 }, /"keepResultsCount" must be a whole number from 0 to 10000/],
    [{ keepResultsCount: -1 }, /"keepResultsCount"/],
  ] as const)
    it(`refuses ${JSON.stringify(settings)}`, () => {
      withConfig(settings, (path) => assert.throws(() => loadAgentConfig(path), message));
    });
});
