// The agent's reading pages, from the one catalogue that `ftpcheck explain` and `ftpcheck guide` print:
// GET /explain (every code), /explain/CODE (one article, the words `ftpcheck explain CODE` prints) and
// /guide (the troubleshooting guide). A report's findings link here, so the helpdesk reads the article
// where the result is. HTML under the web page's policy: no script, nothing from elsewhere.
import { nearestCodes, renderArticle } from '../docs/article.js';
import { renderGuide } from '../docs/guide.js';
import { CATALOGUE } from '../diagnosis/rules/catalogue.js';
import { FINDING_CODES, isFindingCode } from '../model/findings.js';
import { escapeHtml as esc, htmlDocument } from '../report/html.js';
import { markdownToHtml } from './markdown.js';
import type { AgentAnswer, Route } from './route.js';
import { html, PAGE_CSS } from './page.js';

/** Where the page sits, for relative links that also work behind a reverse proxy's path prefix. */
type Depth = 'top' | 'explain';

function docPage(title: string, depth: Depth, body: string): string {
  const up = depth === 'top' ? '' : '../';
  const nav = `<p class="meta"><a href="${up || './'}">New check</a> · <a href="${up}guide">Troubleshooting guide</a> · <a href="${up}explain">All finding codes</a></p>`;
  return htmlDocument(title, `${nav}\n${body}`, PAGE_CSS);
}

/** One code's article: the catalogue's words, as `ftpcheck explain CODE` prints them. */
export function articlePage(code: string): AgentAnswer {
  if (!isFindingCode(code)) {
    const nearest = nearestCodes(code)
      .map((c) => `<li><a href="${esc(c)}"><code>${esc(c)}</code></a> — ${esc(CATALOGUE[c].title)}</li>`)
      .join('');
    return html(
      404,
      docPage(
        'Unknown finding code',
        'explain',
        `<h1>No finding code “${esc(code)}”</h1>\n<p>The nearest codes:</p><ul>${nearest}</ul>`,
      ),
    );
  }
  // The article's heading is the page's (a level 3 heading inside the guide).
  const body = `${markdownToHtml(renderArticle(code, 'markdown').replace(/^#+ /, '# '))}
<p class="meta">The same article: <code>ftpcheck explain ${esc(code)}</code>. Where it fits among the symptoms: <a href="../guide#${esc(code)}">the guide</a>.</p>`;
  return html(200, docPage(`${code} — ftpcheck`, 'explain', body));
}

export function indexPage(): AgentAnswer {
  const rows = FINDING_CODES.map(
    (c) =>
      `<tr><td><a href="explain/${esc(c)}"><code>${esc(c)}</code></a></td><td>${esc(CATALOGUE[c].severity)}</td><td>${esc(CATALOGUE[c].title)}</td></tr>`,
  ).join('\n');
  const body = `<h1>Finding codes</h1>
<p>Every finding ftpcheck reports, with its article (<code>ftpcheck explain</code> lists the same).</p>
<table><thead><tr><th>Code</th><th>Severity</th><th>Title</th></tr></thead><tbody>
${rows}
</tbody></table>`;
  return html(200, docPage('Finding codes — ftpcheck', 'top', body));
}

export function guidePage(): AgentAnswer {
  return html(200, docPage('FTP troubleshooting guide — ftpcheck', 'top', markdownToHtml(renderGuide('markdown'))));
}

/** The routes of the reading pages; the pages are the same for every caller, rendered on each request. */
export function docRoutes(): Route[] {
  return [
    { method: 'GET', path: '/guide', handle: () => Promise.resolve(guidePage()) },
    { method: 'GET', path: '/explain', handle: () => Promise.resolve(indexPage()) },
    {
      method: 'GET',
      path: /^\/explain\/[^/]+$/,
      handle: (request) => Promise.resolve(articlePage(decoded(request.url.pathname.slice('/explain/'.length)))),
    },
  ];
}

/** A path segment as typed; one that is not valid percent-encoding stays as it came. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
