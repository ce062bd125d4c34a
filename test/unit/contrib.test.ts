// The deployment files in contrib/ and the README's "Run an agent" must not drift apart: the systemd
// unit parses, keeps its hardening and starts the agent with options it has; the Containerfile builds
// with exactly the README's install and build commands, on the official Node 20 image.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** An INI-style systemd unit: sections of key=value lines (comments and blank lines skipped). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([A-Za-z]+)\]$/.exec(line)?.[1];
    if (section !== undefined) {
      current = new Map();
      sections.set(section, current);
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`line ${i + 1} is not KEY=VALUE inside a section: ${raw}`);
    const [, key = '', value = ''] = kv;
    current.set(key, [...(current.get(key) ?? []), value]);
  }
  return sections;
}

/** The README's "Run an agent" section. */
function runAnAgent(): string {
  const readme = read('README.md');
  const start = readme.indexOf('### Run an agent');
  assert.ok(start >= 0, 'the README has a "Run an agent" section');
  return readme.slice(start, readme.indexOf('\n### ', start + 1));
}

/** The `--options` a command line passes to `ftpcheck agent`. */
const optionsIn = (text: string): string[] => [...text.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((m) => m[1] ?? '');

describe('contrib/ deployment files', () => {
  const unit = parseUnit(read('contrib/ftpcheck-agent.service'));

  it('the systemd unit parses and keeps its hardening', () => {
    assert.deepEqual([...unit.keys()], ['Unit', 'Service', 'Install']);
    const service = unit.get('Service');
    assert.ok(service);
    const one = (key: string): string | undefined => service.get(key)?.at(-1);
    assert.equal(one('DynamicUser'), 'yes');
    assert.equal(one('NoNewPrivileges'), 'yes');
    assert.equal(one('ProtectSystem'), 'strict');
    assert.equal(one('CapabilityBoundingSet'), '', 'no capabilities unless the reflector needs port 20');
    assert.equal(one('AmbientCapabilities'), undefined);
    assert.match(one('EnvironmentFile') ?? '', /^\/etc\/ftpcheck\/agent\.env$/);
    assert.match(one('ExecStart') ?? '', /^\/usr\/bin\/node \/opt\/ftpcheck\/bin\/ftpcheck\.js agent /);
    assert.ok(!(one('ExecStart') ?? '').includes('TOKEN'), 'the token never goes on the command line');
  });

  it('starts the agent with options `ftpcheck agent` has', async () => {
    const help = await runCli(['agent', '--help']);
    assert.equal(help.code, 0, help.stderr);
    const known = new Set(optionsIn(help.stdout));
    const used = [
      ...optionsIn(unit.get('Service')?.get('ExecStart')?.join(' ') ?? ''),
      ...optionsIn(
        read('contrib/Containerfile')
          .split('\n')
          .filter((l) => l.startsWith('ENTRYPOINT'))
          .join(' '),
      ),
    ];
    assert.ok(used.length >= 3);
    assert.deepEqual(
      used.filter((o) => !known.has(o)),
      [],
    );
  });

  it("the Containerfile builds with the README's install and build commands, on node:20-slim", () => {
    const containerfile = read('contrib/Containerfile');
    const runs = containerfile
      .split('\n')
      .filter((l) => l.startsWith('RUN '))
      .flatMap((l) => l.slice(4).split('&&'))
      .map((c) => c.trim());
    const readmeNpm = runAnAgent()
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('npm '));
    assert.deepEqual(readmeNpm, ['npm ci', 'npm run build']);
    for (const command of readmeNpm) assert.ok(runs.includes(command), `the Containerfile does not RUN ${command}`);
    const froms = containerfile.split('\n').filter((l) => l.startsWith('FROM '));
    assert.ok(
      froms.length > 0 && froms.every((l) => /^FROM docker\.io\/library\/node:20-slim\b/.test(l)),
      froms.join(),
    );
    assert.match(containerfile, /^USER node$/m, "runs as the image's unprivileged user");
    assert.ok(
      runAnAgent().includes('contrib/ftpcheck-agent.service') && runAnAgent().includes('contrib/Containerfile'),
    );
  });
});
