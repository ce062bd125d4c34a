// The layer rules in .dependency-cruiser.cjs, run by `npm run lint`, on a small tree of our own: an import
// against the layers, or a circle, fails the lint; the imports the layers allow pass. One tree holds
// every case (dependency-cruiser takes a second or two to start), each case in modules of its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Imports that point down the layers: none of these modules may be named in a violation. */
const ALLOWED: Record<string, string[]> = {
  'src/model/ok.ts': [],
  'src/protocol/ok.ts': ['../model/ok.ts'],
  'src/net/ok.ts': ['../protocol/ok.ts'],
  'src/probes/ok.ts': ['../net/ok.ts', '../model/ok.ts'],
  'src/diagnosis/facts/ok.ts': ['../../model/ok.ts'],
  'src/diagnosis/rules/ok.ts': ['../facts/ok.ts'],
  'src/diagnosis/assembly/ok.ts': ['../rules/ok.ts'],
  'src/report/ok.ts': ['../model/ok.ts'],
  'src/check.ts': ['./probes/ok.ts', './diagnosis/assembly/ok.ts'],
  'src/cli/ok.ts': ['../check.ts', '../report/ok.ts'],
};

/** A module importing back up, and the rule that must name it. */
const AGAINST: [string, string, string][] = [
  ['src/model/up.ts', '../probes/ok.ts', 'model-is-data'],
  ['src/net/up.ts', '../diagnosis/rules/ok.ts', 'net-touches-sockets-only'],
  ['src/probes/up.ts', '../report/ok.ts', 'probes-observe-only'],
  ['src/diagnosis/facts/up.ts', '../rules/ok.ts', 'facts-are-pure'],
  ['src/diagnosis/rules/up.ts', '../assembly/ok.ts', 'rules-read-facts'],
  ['src/report/up.ts', '../diagnosis/assembly/ok.ts', 'renderers-read-the-report'],
  ['src/exporter/up.ts', '../agent/ok.ts', 'exporter-is-a-library'],
  ['src/agent/up.ts', '../cli/ok.ts', 'agent-below-cli'],
  ['src/diagnosis/loose.ts', '../model/ok.ts', 'diagnosis-in-three-rooms'],
];

let violations: { rule: string; from: string }[] = [];
const work = mkdtempSync(join(tmpdir(), 'ftpcheck-layers-'));

before(() => {
  const modules: Record<string, string[]> = {
    ...ALLOWED,
    'src/agent/ok.ts': [],
    ...Object.fromEntries(AGAINST.map(([path, target]) => [path, [target]])),
    // Two modules of one folder that import each other's types.
    'src/probes/a.ts': ['./b.ts'],
    'src/probes/b.ts': ['./a.ts'],
  };
  copyFileSync(join(root, '.dependency-cruiser.cjs'), join(work, '.dependency-cruiser.cjs'));
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true } }));
  for (const [path, imports] of Object.entries(modules)) {
    const file = join(work, path);
    mkdirSync(dirname(file), { recursive: true });
    const lines = imports.map((target, i) => `import type { T as T${i} } from '${target.replace(/\.ts$/, '.js')}';`);
    writeFileSync(file, [...lines, 'export type T = string;', ''].join('\n'));
  }
  const run = spawnSync(process.execPath, [depcruise, 'src', '--config', '.dependency-cruiser.cjs', '-T', 'json'], {
    cwd: work,
    encoding: 'utf8',
  });
  const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string }[] } };
  violations = result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from }));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the layer rules (npm run lint)', () => {
  it('pass imports that point down the layers', () => {
    const named = violations.filter((v) => v.from in ALLOWED);
    assert.deepEqual(named, []);
  });

  it('fail an import that points back up, naming the rule it breaks', () => {
    for (const [path, target, rule] of AGAINST)
      assert.ok(
        violations.some((v) => v.from === path && v.rule === rule),
        `${path} → ${target} should break ${rule}`,
      );
  });

  it('fail a circle, even of type-only imports inside one folder', () => {
    const circles = violations.filter((v) => v.rule === 'no-circular').map((v) => v.from);
    assert.ok(circles.includes('src/probes/a.ts') || circles.includes('src/probes/b.ts'), JSON.stringify(violations));
  });
});
