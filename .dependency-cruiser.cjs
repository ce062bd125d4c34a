// The house's layers, checked by `npm run lint` (dependency-cruiser). Each folder may import only the
// folders below it; type-only imports count, and no module may take part in a circle.
//
//   cli ─┬─ agent ─── exporter                    remote · server       (entrances)
//        │     └──── check.ts ─┬─ probes ── net
//        │                     └─ diagnosis: assembly → rules → facts
//        ├─ docs ── report (renderers: the assembled report only)
//        └─ settings · protocol · safety · model               (shared, below everything)
//
// Most rules name a folder and the folders it may import (its own, those below it, and the shared ones).
const below = (...folders) => (folders.length === 1 ? `^src/${folders[0]}/` : `^src/(${folders.join('|')})/`);
const SHARED = ['model', 'protocol', 'safety', 'settings'];

/** Modules matching `from` may import, within src/, only what `allowed` matches. */
const mayImport = (name, comment, from, allowed) => ({
  name,
  severity: 'error',
  comment,
  from: { path: from },
  to: { path: '^src/', pathNot: allowed },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle makes two modules one; type-only imports included.',
      from: {},
      to: { circular: true },
    },
    mayImport(
      'model-is-data',
      'model/ holds the types every layer shares: it imports nothing else.',
      below('model'),
      below('model'),
    ),
    mayImport(
      'shared-below-all',
      'protocol/, safety/ and settings/ are pure helpers every layer uses: they reach only each other and model/.',
      below('protocol', 'safety', 'settings'),
      below(...SHARED),
    ),
    mayImport(
      'net-touches-sockets-only',
      'net/ is sockets and their waits: it knows no probe, rule or report.',
      below('net'),
      below('net', ...SHARED),
    ),
    mayImport(
      'probes-observe-only',
      'Probes do I/O and return observations: they never judge (diagnosis) or render (report).',
      below('probes'),
      below('probes', 'net', ...SHARED),
    ),
    mayImport(
      'facts-are-pure',
      'Facts derive from observations alone: no I/O, no rule, no wording of a report.',
      below('diagnosis/facts'),
      below('diagnosis/facts', ...SHARED),
    ),
    mayImport(
      'rules-read-facts',
      'Rules turn facts into findings; they do not assemble or render a report.',
      below('diagnosis/rules'),
      below('diagnosis/rules', 'diagnosis/facts', ...SHARED),
    ),
    mayImport(
      'assembly-above-rules',
      'Report assembly words the findings; it does no I/O.',
      below('diagnosis/assembly'),
      below('diagnosis', ...SHARED),
    ),
    {
      name: 'diagnosis-in-three-rooms',
      severity: 'error',
      comment: 'Every diagnosis module lives in facts/, rules/ or assembly/.',
      from: { path: '^src/diagnosis/[^/]+[.]ts$' },
      to: {},
    },
    mayImport(
      'renderers-read-the-report',
      'Reporters render the assembled report (model/): they do not reach into diagnosis or probes.',
      below('report'),
      below('report', ...SHARED),
    ),
    mayImport(
      'docs-read-the-catalogue',
      'The guide and glossary read the catalogue and render with the reporters; no I/O.',
      below('docs'),
      below('docs', 'report', 'diagnosis', ...SHARED),
    ),
    mayImport(
      'exporter-is-a-library',
      'exporter/ (metrics and their config) is used by the agent; it never imports the agent or the CLI.',
      below('exporter'),
      below('exporter', ...SHARED),
    ),
    mayImport(
      'remote-is-a-client',
      'remote/ is the one client of an agent: it knows the wire format (model/), not the agent.',
      below('remote'),
      below('remote', 'net', ...SHARED),
    ),
    mayImport(
      'server-stands-alone',
      'server/ (the embedded FTP server) shares only the shared layers.',
      below('server'),
      below('server', 'net', ...SHARED),
    ),
    mayImport(
      'check-runs-probes-then-diagnosis',
      'check.ts joins probes and diagnosis; it knows no entrance.',
      '^src/check[.]ts$',
      ['^src/check[.]ts$', below('probes', 'diagnosis', 'net', ...SHARED)].join('|'),
    ),
    {
      name: 'agent-below-cli',
      severity: 'error',
      comment: 'The agent is an entrance of its own: the CLI starts it, it never imports the CLI.',
      from: { path: '^src/agent/' },
      to: { path: '^src/(cli|remote)/' },
    },
    {
      name: 'cli-is-the-top',
      severity: 'error',
      comment: 'Nothing but the package entry imports the CLI.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/types/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
