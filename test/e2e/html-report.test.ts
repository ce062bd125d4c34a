// The HTML report in a real browser: headless Chromium loads it offline, the content is there, and a
// screenshot at desktop width is written to test-output/ for people to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { type Fault, startFixture } from '../../fixtures/fault-server.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { CHROMIUM } from '../helpers/chromium.js';
import { runCli } from '../helpers/run-cli.js';

const OUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ftpcheck-html-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Chromium without network access of its own: every background service off, a fresh profile. */
function chromium(args: string[]): string {
  if (!CHROMIUM) throw new Error('no chromium');
  const profile = mkdtempSync(join(work, 'profile-'));
  return execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

async function reportFor(
  name: string,
  target: () => Promise<{ port: number; close(): Promise<void> }>,
  args: string[],
): Promise<string> {
  const server = await target();
  try {
    const file = join(work, `${name}.html`);
    const run = await runCli([`127.0.0.1:${server.port}`, '--timeout', '1', '--report', file, ...args]);
    assert.ok(run.code !== 3, run.stderr);
    return file;
  } finally {
    await server.close();
  }
}

const fault = (f: Fault) => () => startFixture(f);

describe(
  'HTML report in Chromium',
  { skip: CHROMIUM ? false : 'Chromium is not installed (apt-get install chromium)' },
  () => {
    const cases = [
      {
        name: 'healthy',
        target: () => startEmbeddedServer({ port: 0 }),
        args: [],
        expect: [/class="verdict ok"/, /✔ control/, /✔ passive data/, /✔ active data/],
      },
      {
        name: 'passive-filtered',
        target: fault('pasv-filtered'),
        args: ['--mode', 'both'],
        expect: [
          /class="verdict degraded"/,
          /✘ passive data/,
          /no answer to the SYN within 1 s/,
          /id="pasv-data-filtered"/,
          /✔ active data/,
        ],
      },
      {
        name: 'callback-blocked',
        target: fault('port-no-callback'),
        args: ['--mode', 'active'],
        expect: [/class="verdict failed"/, /✘ active data/, /id="active-callback-blocked"/, /How to confirm/],
      },
    ];
    for (const c of cases) {
      it(`${c.name}: content and screenshot`, async () => {
        const file = await reportFor(c.name, c.target, c.args);
        const html = readFileSync(file, 'utf8');
        assert.doesNotMatch(html, /<script|<link |src="http|url\(http/i, 'self-contained');
        const dom = chromium(['--dump-dom', `file://${file}`]);
        for (const pattern of c.expect) assert.match(dom, pattern);
        mkdirSync(OUT, { recursive: true });
        const png = join(OUT, `report-${c.name}.png`);
        rmSync(png, { force: true });
        chromium(['--window-size=1280,1600', '--hide-scrollbars', `--screenshot=${png}`, `file://${file}`]);
        assert.ok(statSync(png).size > 20_000, 'a screenshot with content');
      });
    }
  },
);
