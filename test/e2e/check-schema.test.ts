// One schema for a check's options: the same bad value, fed through every way a check is asked for —
// the built CLI's flags, the library's check(), the agent's POST /api/check and its web form, and a
// module of the exporter's and the agent's config file — is refused with the same message, naming the
// field (as that entrance names it) and what it accepts; and the agent's caps are the same policy for
// a request and for a module.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { check } from '../../src/check.js';
import { UsageError } from '../../src/settings/usage-error.js';
import { call, type RunningAgent, startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { runCli } from '../helpers/run-cli.js';

type Entrance = 'cli' | 'library' | 'api' | 'form' | 'exporter config' | 'agent config';

interface Case {
  field: string;
  value: unknown;
  /** What every entrance says after the field's name and the value. */
  expected: string;
  /** What the agent's entrances (its API, its config) say instead, where its caps lower the bound. */
  onAgent?: string;
  /** The value as shown in the message. */
  shown: string;
  cli?: string[];
  form?: Record<string, string>;
  /** Entrances that take this field (the API takes no certWarnDays, a module no port, the form no timeout). */
  through: Entrance[];
}

const CASES: Case[] = [
  {
    field: 'timeout',
    value: 0,
    shown: '0',
    expected: 'expected a number of seconds, more than 0 and at most 3600',
    onAgent: 'expected a number of seconds, more than 0 and at most 30 on an agent',
    cli: ['--timeout', '0'],
    through: ['cli', 'library', 'api', 'exporter config', 'agent config'],
  },
  {
    field: 'port',
    value: 70000,
    shown: '70000',
    expected: 'expected a whole number from 1 to 65535',
    cli: ['--port', '70000'],
    form: { port: '70000' },
    through: ['cli', 'library', 'api', 'form'],
  },
  {
    field: 'mode',
    value: 'sideways',
    shown: '"sideways"',
    expected: 'expected passive, active or both',
    cli: ['--mode', 'sideways'],
    form: { mode: 'sideways' },
    through: ['cli', 'library', 'api', 'form', 'exporter config', 'agent config'],
  },
  {
    field: 'certWarnDays',
    value: 2.5,
    shown: '2.5',
    expected: 'expected a whole number of days from 0 to 3650',
    cli: ['--cert-warn-days', '2.5'],
    through: ['cli', 'library', 'exporter config', 'agent config'],
  },
  {
    field: 'transferBytes',
    value: -1,
    shown: '-1',
    expected: 'expected a whole number of bytes from 0 (off) to 67108864',
    onAgent: 'expected a whole number of bytes from 0 (off) to 4194304 on an agent',
    cli: ['--transfer-bytes=-1'],
    through: ['cli', 'library', 'api'],
  },
];

/** The flag of a field on the command line: transferBytes is --transfer-bytes. */
const flagOf = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The refusal's first line on stderr, with the CLI's "ftpcheck: " taken off, after exit 3 and no stdout. */
async function cliError(args: string[]): Promise<string> {
  const run = await runCli(args, { killAfterMs: 10_000 });
  assert.equal(run.code, 3, run.stderr);
  assert.equal(run.stdout, '');
  return (run.stderr.split('\n')[0] ?? '').replace(/^ftpcheck: /, '');
}

/** check()'s refusal: a UsageError, its "check(): " taken off. */
async function libraryError(options: Record<string, unknown>): Promise<string> {
  const untyped = check as unknown as (options: unknown) => Promise<unknown>;
  try {
    await untyped({ target: '127.0.0.1', ...options });
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message.replace(/^check\(\): /, '');
  }
  assert.fail('check() did not refuse');
}

const unescape = (html: string): string =>
  html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('one schema for the options of a check, through every entrance', () => {
  let agent: RunningAgent;
  let dir: string;
  before(async () => {
    agent = await startAgentCli([]);
    dir = mkdtempSync(join(tmpdir(), 'ftpcheck-schema-'));
  });
  after(async () => {
    await agent.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const apiError = async (body: Record<string, unknown>): Promise<string> => {
    const answer = await call(agent, '/api/check', { body: { target: '127.0.0.1', ...body } });
    assert.equal(answer.status, 400, answer.text);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    return (answer.json as { error: string }).error;
  };

  const formError = async (fields: Record<string, string>): Promise<string> => {
    const basic = `Basic ${Buffer.from(`helpdesk:${TEST_TOKEN}`).toString('base64')}`;
    const page = await fetch(agent.url, { headers: { authorization: basic } });
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const answer = await fetch(new URL('/check', agent.url), {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, host: '127.0.0.1', mode: 'both', tls: 'none', ...fields }).toString(),
    });
    assert.equal(answer.status, 400);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
    const refusal = /<section class="refusal"[^>]*>.*?<p>(.*?)<\/p>/s.exec(await answer.text())?.[1] ?? '';
    return unescape(refusal);
  };

  const configError = async (command: 'exporter' | 'agent', module: Record<string, unknown>): Promise<string> => {
    const file = join(dir, `${command}-${String(Math.random()).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ modules: { m: module } }));
    const line = await cliError([command, '--listen', '127.0.0.1:0', '--config', file]);
    assert.match(line, /^module "m": /);
    return line.replace(/^module "m": /, '');
  };

  for (const c of CASES)
    for (const entrance of c.through)
      it(`${c.field} ${c.shown} through the ${entrance}`, async () => {
        const options = { [c.field]: c.value };
        const label = entrance === 'cli' ? flagOf(c.field) : c.field;
        const message =
          entrance === 'cli'
            ? await cliError(['127.0.0.1', ...(c.cli ?? [])])
            : entrance === 'library'
              ? await libraryError(options)
              : entrance === 'api'
                ? await apiError(options)
                : entrance === 'form'
                  ? await formError(c.form ?? {})
                  : await configError(entrance === 'agent config' ? 'agent' : 'exporter', options);
        const onAgent = entrance === 'api' || entrance === 'agent config';
        assert.equal(message, `invalid ${label} ${c.shown}: ${(onAgent ? c.onAgent : undefined) ?? c.expected}`);
      });

  for (const name of ['__proto__', 'constructor', 'toString'])
    it(`module "${name}" names no module (own entries only), in the API and in /probe`, async () => {
      const api = await call(agent, '/api/check', { body: { target: '127.0.0.1', module: name } });
      assert.equal(api.status, 400, api.text);
      assert.match((api.json as { error: string }).error, new RegExp(`^unknown module "${name}" \\(known: default\\)`));
      const probe = await call(agent, `/probe?target=127.0.0.1&module=${name}`);
      assert.equal(probe.status, 400, probe.text);
      // The agent answers /probe's refusals in JSON, the exporter in plain text.
      const said = (probe.json as { error?: string } | undefined)?.error ?? probe.text;
      assert.match(said, new RegExp(`unknown module "${name}"`));
    });

  it("the agent's caps are one policy: a request and a module over them get the same message", async () => {
    const capped = 'invalid timeout 31: expected a number of seconds, more than 0 and at most 30 on an agent';
    assert.equal(await apiError({ timeout: 31 }), capped);
    assert.equal(await configError('agent', { timeout: 31 }), capped);
    // The library and the exporter have no such cap: only their own bound.
    assert.equal(
      await configError('exporter', { timeout: 3601 }),
      'invalid timeout 3601: expected a number of seconds, more than 0 and at most 3600',
    );
  });
});
