// Writes CONTRIBUTING.md's layer tables from the code: the rules as .dependency-cruiser.cjs states them,
// and the folder-to-folder imports as dependency-cruiser finds them in src/. Run by `npm run docs`;
// test/unit/layers-doc.test.ts fails while the committed section differs from what this renders.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { IConfiguration, ICruiseResult } from 'dependency-cruiser';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONTRIBUTING = `${ROOT}CONTRIBUTING.md`;
const BEGIN = '<!-- layers:begin: written by `npm run docs` (scripts/layers.ts); do not edit by hand -->';
const END = '<!-- layers:end -->';

type Rule = NonNullable<IConfiguration['forbidden']>[number];

/** `^src/(a|b)/|^src/check[.]ts$` → `a/`, `b/`, `check.ts`: the folders and files a path pattern names. */
export function namedPaths(pattern: string | string[] | undefined): string[] {
  const patterns = pattern === undefined ? [] : Array.isArray(pattern) ? pattern : [pattern];
  return patterns.flatMap((p) =>
    topLevelAlternatives(p).flatMap((alt) => {
      const group = /^\^src\/\((.*)\)\/$/.exec(alt);
      if (group?.[1] !== undefined) return group[1].split('|').map((f) => `${f}/`);
      const one = /^\^src\/(.*)$/.exec(alt);
      if (one?.[1] === undefined) return [alt];
      return [
        one[1]
          .replace(/\[\^\/\]\+/g, '*')
          .replace(/\[\.\]/g, '.')
          .replace(/\$$/, ''),
      ];
    }),
  );
}

/** Splits `a|(b|c)|d` at the bars outside parentheses. */
function topLevelAlternatives(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

const code = (items: string[]): string => items.map((i) => `\`${i}\``).join(', ');

function ruleRow(rule: Rule): string {
  // The config has only from/to rules; a reachability or dependents rule would need its own wording.
  if (!('to' in rule) || !('from' in rule)) throw new Error(`rule ${rule.name ?? '?'}: only from/to rules are drawn`);
  const named = namedPaths(rule.from.path);
  const from = named.length === 0 || named.includes('') ? 'every module' : code(named);
  const fromNot = rule.from.pathNot === undefined ? '' : ` except ${code(namedPaths(rule.from.pathNot))}`;
  const to = rule.to;
  let reach: string;
  if ('circular' in to && to.circular === true) reach = 'no import that closes a circle (type-only imports count)';
  else if (to.pathNot !== undefined) reach = `only ${code(namedPaths(to.pathNot))}`;
  else if (to.path !== undefined) reach = `anything but ${code(namedPaths(to.path))}`;
  else reach = 'nothing';
  const why = (rule.comment ?? '').replace(/\|/g, '\\|');
  return `| ${rule.name ?? ''} | ${from}${fromNot} | ${reach} | ${why} |`;
}

/** The folder a module belongs to in the tables: diagnosis/ by its rooms, the other folders whole. */
export function folderOf(source: string): string | undefined {
  const parts = source.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  if (parts.length === 2) return parts[1];
  if (parts[1] === 'diagnosis' && parts.length > 3) return `diagnosis/${parts[2] ?? ''}/`;
  return `${parts[1] ?? ''}/`;
}

interface Arrows {
  eager: Map<string, number>;
  lazy: Map<string, number>;
}

function arrowsOf(result: ICruiseResult): Map<string, Arrows> {
  const table = new Map<string, Arrows>();
  for (const m of result.modules) {
    const from = folderOf(m.source);
    if (from === undefined) continue;
    const row = table.get(from) ?? { eager: new Map<string, number>(), lazy: new Map<string, number>() };
    table.set(from, row);
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (to === undefined || to === from) continue;
      const side = d.dynamic ? row.lazy : row.eager;
      side.set(to, (side.get(to) ?? 0) + 1);
    }
  }
  return table;
}

const listed = (counts: Map<string, number>): string =>
  [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([to, n]) => `\`${to}\` ${n}`)
    .join(', ') || '—';

function cruise(): ICruiseResult {
  // depcruise exits non-zero while a rule is broken; its JSON on stdout is what is wanted either way.
  const run = spawnSync(
    `${ROOT}node_modules/.bin/depcruise`,
    ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--no-cache'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw run.error;
  return JSON.parse(run.stdout) as ICruiseResult;
}

/** The generated section, markers included. */
export function renderLayers(): string {
  const config = createRequire(import.meta.url)(`${ROOT}.dependency-cruiser.cjs`) as IConfiguration;
  const rules = (config.forbidden ?? []).map(ruleRow);
  const arrows = [...arrowsOf(cruise())].sort(([a], [b]) => a.localeCompare(b));
  return [
    BEGIN,
    '',
    'The rules, as `.dependency-cruiser.cjs` states them; `npm run lint:layers` checks every import in src/ against them',
    '(packages from node_modules and node: built-ins are not restricted here):',
    '',
    '| rule | from | may import | why |',
    '| --- | --- | --- | --- |',
    ...rules,
    '',
    'The imports as they are, folder to folder (`diagnosis/` by its rooms), with the number of import statements;',
    'lazy ones are `await import()`:',
    '',
    '| folder | imports | lazy imports |',
    '| --- | --- | --- |',
    ...arrows.map(([from, a]) => `| \`${from}\` | ${listed(a.eager)} | ${listed(a.lazy)} |`),
    '',
    END,
  ].join('\n');
}

/** CONTRIBUTING.md with its generated section replaced by `section`. */
export function withSection(text: string, section: string): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`CONTRIBUTING.md has no ${BEGIN} … ${END} section`);
  return `${text.slice(0, start)}${section}${text.slice(end + END.length)}`;
}

export const contributingPath = CONTRIBUTING;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(CONTRIBUTING, 'utf8');
  writeFileSync(CONTRIBUTING, withSection(text, renderLayers()));
  console.log('wrote the layers section of CONTRIBUTING.md');
}
