// The layer rules in .dependency-cruiser.cjs, run by `npm run lint`, on a small tree of our own: an import
// against the layers, or a circle, fails the lint; the imports the layers allow pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const work = mkdtempSync(join(tmpdir(), 'ftpcheck-layers-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

let trees = 0;

/** Lints a tree of modules (path → what it imports) with the project's rules; the violations found. */
function lint(modules: Record<string, string[]>): string[] {
  const dir = join(work, String(trees++));
  mkdirSync(dir);
  copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true } }));
  for (const [path, imports] of Object.entries(modules)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    const lines = imports.map((target, i) => `import type { T as T${i} } from '${target.replace(/\.ts$/, '.js')}';`);
    writeFileSync(file, [...lines, 'export type T = string;', ''].join('\n'));
  }
  const run = spawnSync(process.execPath, [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '-T', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return [...run.stdout.matchAll(/error ([\w-]+):/g)].map((m) => m[1] ?? '');
}

describe('the layer rules (npm run lint)', () => {
  it('pass imports that point down the layers', () => {
    assert.deepEqual(
      lint({
        'src/model/observations.ts': [],
        'src/protocol/reply.ts': ['../model/observations.ts'],
        'src/net/control.ts': ['../protocol/reply.ts'],
        'src/probes/login.ts': ['../net/control.ts', '../model/observations.ts'],
        'src/diagnosis/facts/common.ts': ['../../model/observations.ts'],
        'src/diagnosis/rules/rule.ts': ['../facts/common.ts'],
        'src/diagnosis/assembly/report.ts': ['../rules/rule.ts'],
        'src/report/human.ts': ['../model/observations.ts'],
        'src/check.ts': ['./probes/login.ts', './diagnosis/assembly/report.ts'],
        'src/cli/run.ts': ['../check.ts', '../report/human.ts'],
      }),
      [],
    );
  });

  it('fail an import that points back up, naming the rule it breaks', () => {
    const cases: [Record<string, string[]>, string][] = [
      [{ 'src/model/a.ts': ['../probes/b.ts'], 'src/probes/b.ts': [] }, 'model-is-data'],
      [{ 'src/net/a.ts': ['../diagnosis/rules/b.ts'], 'src/diagnosis/rules/b.ts': [] }, 'net-touches-sockets-only'],
      [{ 'src/probes/a.ts': ['../report/b.ts'], 'src/report/b.ts': [] }, 'probes-observe-only'],
      [{ 'src/diagnosis/facts/a.ts': ['../rules/b.ts'], 'src/diagnosis/rules/b.ts': [] }, 'facts-are-pure'],
      [{ 'src/diagnosis/rules/a.ts': ['../assembly/b.ts'], 'src/diagnosis/assembly/b.ts': [] }, 'rules-read-facts'],
      [
        { 'src/report/a.ts': ['../diagnosis/assembly/b.ts'], 'src/diagnosis/assembly/b.ts': [] },
        'renderers-read-the-report',
      ],
      [{ 'src/exporter/a.ts': ['../agent/b.ts'], 'src/agent/b.ts': [] }, 'exporter-is-a-library'],
      [{ 'src/agent/a.ts': ['../cli/b.ts'], 'src/cli/b.ts': [] }, 'agent-below-cli'],
      [{ 'src/diagnosis/loose.ts': ['../model/b.ts'], 'src/model/b.ts': [] }, 'diagnosis-in-three-rooms'],
    ];
    for (const [tree, rule] of cases) assert.ok(lint(tree).includes(rule), `${rule}: ${JSON.stringify(tree)}`);
  });

  it('fail a circle, even of type-only imports inside one folder', () => {
    assert.deepEqual(lint({ 'src/probes/a.ts': ['./b.ts'], 'src/probes/b.ts': ['./a.ts'] }), ['no-circular']);
  });
});
