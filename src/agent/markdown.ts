// The guide's and the articles' Markdown (src/docs/, the one catalogue) as HTML for the agent's pages.
// Only the subset that docs/ writes: headings, paragraphs, lists (nested by indentation), tables,
// fenced code, `code`, **strong**, *emphasis*, links to anchors of the page or to http(s) addresses,
// and the anchors the guide places before each article. Everything else is text: escaped, never markup,
// so a line the renderer does not know shows as written rather than as HTML. Pure.
import { escapeHtml as esc } from '../report/html.js';

/** An anchor line as the guide writes it before an article: `<a id="pasv-data-filtered"></a>`. */
const ANCHOR = /^<a id="([a-z0-9-]+)"><\/a>$/;
const HEADING = /^(#{1,6}) +(.*)$/;
const ITEM = /^( *)(?:[-*]|(\d+)\.) +(.*)$/;
const TABLE_RULE = /^\|?(?: *:?-+:? *\|)+ *:?-*:? *$/;

/** Markdown of the docs' subset as HTML; headings get GitHub's ids, so in-page links land. */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const anchor = ANCHOR.exec(line.trim());
    if (anchor) {
      out.push(`<a id="${esc(anchor[1] ?? '')}"></a>`);
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      const text = heading[2] ?? '';
      out.push(`<h${level} id="${esc(slug(text))}">${inline(text)}</h${level}>`);
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      const stop = end < 0 ? lines.length : end;
      out.push(`<pre><code>${esc(lines.slice(i + 1, stop).join('\n'))}</code></pre>`);
      i = stop + 1;
      continue;
    }
    if (ITEM.test(line)) {
      const start = i;
      while (i < lines.length && (ITEM.test(lines[i] ?? '') || /^ {2,}\S/.test(lines[i] ?? ''))) i++;
      out.push(list(lines.slice(start, i)));
      continue;
    }
    if (line.startsWith('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const start = i;
      i += 2;
      while (i < lines.length && (lines[i] ?? '').startsWith('|')) i++;
      out.push(table(line, lines.slice(start + 2, i)));
      continue;
    }
    // A section's name alone on its line (`**Fixes**`, as the articles write it): a paragraph of its own.
    if (/^\*\*[^*]+\*\*:?$/.test(line.trim())) {
      out.push(`<p>${inline(line.trim())}</p>`);
      i++;
      continue;
    }
    // A paragraph: up to a blank line or the start of another block.
    const start = i;
    i++;
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (next.trim() === '' || HEADING.test(next) || ITEM.test(next) || next.startsWith('```') || ANCHOR.test(next))
        break;
      i++;
    }
    out.push(`<p>${inline(lines.slice(start, i).join(' '))}</p>`);
  }
  return out.join('\n');
}

/** A heading's id as GitHub makes it, so that the guide's in-page links (`#code`) land. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .trim()
    .replace(/ /g, '-');
}

interface Item {
  depth: number;
  ordered: boolean;
  text: string;
}

/** Lines of a list (items, their continuations) as nested <ul>/<ol>. */
function list(lines: string[]): string {
  const items: Item[] = [];
  for (const line of lines) {
    const m = ITEM.exec(line);
    const last = items.at(-1);
    if (m) items.push({ depth: Math.floor((m[1]?.length ?? 0) / 2), ordered: m[2] !== undefined, text: m[3] ?? '' });
    else if (last) last.text += ` ${line.trim()}`;
  }
  return nested(items, 0, items[0]?.depth ?? 0).html;
}

/** The items from `from` on at `depth` (deeper ones nested in the item before them), and where they end. */
function nested(items: Item[], from: number, depth: number): { html: string; next: number } {
  const tag = items[from]?.ordered ? 'ol' : 'ul';
  let html = `<${tag}>`;
  let itemOpen = false;
  let i = from;
  while (i < items.length) {
    const item = items[i];
    if (!item || item.depth < depth) break;
    if (item.depth > depth) {
      const inner = nested(items, i, item.depth);
      html += itemOpen ? inner.html : `<li>${inner.html}</li>`;
      i = inner.next;
      continue;
    }
    html += `${itemOpen ? '</li>' : ''}<li>${inline(item.text)}`;
    itemOpen = true;
    i++;
  }
  return { html: `${html}${itemOpen ? '</li>' : ''}</${tag}>`, next: i };
}

function table(head: string, rows: string[]): string {
  const cells = (row: string): string[] =>
    row
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const header = cells(head)
    .map((c) => `<th>${inline(c)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c) => `<td>${inline(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${header}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;
/** Where a link may point: an anchor of the page, a path of the agent, or a web address. */
const SAFE_HREF = /^(?:#[\w-]+|[\w-][\w./-]*(?:#[\w-]+)?|https?:\/\/[^\s"'<>]+)$/;

/** Inline markup: links first, then code (its content is literal), strong and emphasis on escaped text. */
export function inline(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    const [whole, label = '', href = ''] = m;
    out += unlinked(text.slice(at, m.index));
    out += SAFE_HREF.test(href) ? `<a href="${esc(href)}">${unlinked(label)}</a>` : unlinked(whole);
    at = m.index + whole.length;
  }
  return out + unlinked(text.slice(at));
}

function unlinked(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? `<code>${esc(part.slice(1, -1))}</code>`
        : spans(part),
    )
    .join('');
}

function spans(text: string): string {
  return esc(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>');
}
