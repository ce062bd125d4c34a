// The house's layers, checked by `npm run lint` (dependency-cruiser). Each folder may import only the
// folders below it; type-only imports count, and no module may take part in a circle.
//
//   cli ─┬─ agent ─┬─ exporter            (entrances)
//        │         └─ check.ts ─┬─ probes ── net
//        ├─ remote              └─ diagnosis: assembly → rules → facts
//        ├─ server              report (renderers) ── docs
//        └─ settings · protocol · safety · model   (shared, below everything)
//
// A rule names a folder and the folders it may NOT reach; the comment says why.
const below = (...folders) => `^src/(${folders.join('|')})/`;

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
    {
      name: 'model-is-data',
      severity: 'error',
      comment: 'model/ holds the types every layer shares: it imports nothing else.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'shared-below-all',
      severity: 'error',
      comment:
        'protocol/, safety/ and settings/ are pure helpers every layer uses: they reach only each other and model/.',
      from: { path: below('protocol', 'safety', 'settings') },
      to: { path: '^src/', pathNot: below('model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'net-touches-sockets-only',
      severity: 'error',
      comment: 'net/ is sockets and their waits: it knows no probe, rule or report.',
      from: { path: '^src/net/' },
      to: { path: '^src/', pathNot: below('net', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'probes-observe-only',
      severity: 'error',
      comment: 'Probes do I/O and return observations: they never judge (diagnosis) or render (report).',
      from: { path: '^src/probes/' },
      to: { path: '^src/', pathNot: below('probes', 'net', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'facts-are-pure',
      severity: 'error',
      comment: 'Facts derive from observations alone: no I/O, no rule, no wording of a report.',
      from: { path: '^src/diagnosis/facts/' },
      to: { path: '^src/', pathNot: below('diagnosis/facts', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'rules-read-facts',
      severity: 'error',
      comment: 'Rules turn facts into findings; they do not assemble or render a report.',
      from: { path: '^src/diagnosis/rules/' },
      to: {
        path: '^src/',
        pathNot: below('diagnosis/rules', 'diagnosis/facts', 'model', 'protocol', 'safety', 'settings'),
      },
    },
    {
      name: 'assembly-above-rules',
      severity: 'error',
      comment: 'Report assembly words the findings; it does no I/O.',
      from: { path: '^src/diagnosis/assembly/' },
      to: {
        path: '^src/',
        pathNot: below('diagnosis', 'model', 'protocol', 'safety', 'settings'),
      },
    },
    {
      name: 'diagnosis-in-three-rooms',
      severity: 'error',
      comment: 'Every diagnosis module lives in facts/, rules/ or assembly/.',
      from: { path: '^src/diagnosis/[^/]+[.]ts$' },
      to: {},
    },
    {
      name: 'renderers-read-the-report',
      severity: 'error',
      comment: 'Reporters render the assembled report (model/): they do not reach into diagnosis or probes.',
      from: { path: '^src/report/' },
      to: { path: '^src/', pathNot: below('report', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'docs-read-the-catalogue',
      severity: 'error',
      comment: 'The guide and glossary read the catalogue and render with the reporters; no I/O.',
      from: { path: '^src/docs/' },
      to: { path: '^src/', pathNot: below('docs', 'report', 'diagnosis', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'exporter-is-a-library',
      severity: 'error',
      comment: 'exporter/ (metrics and their config) is used by the agent; it never imports the agent or the CLI.',
      from: { path: '^src/exporter/' },
      to: { path: '^src/', pathNot: below('exporter', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'remote-is-a-client',
      severity: 'error',
      comment: 'remote/ is the one client of an agent: it knows the wire format (model/), not the agent.',
      from: { path: '^src/remote/' },
      to: { path: '^src/', pathNot: below('remote', 'net', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'server-stands-alone',
      severity: 'error',
      comment: 'server/ (the embedded FTP server) shares only the shared layers.',
      from: { path: '^src/server/' },
      to: { path: '^src/', pathNot: below('server', 'net', 'model', 'protocol', 'safety', 'settings') },
    },
    {
      name: 'check-runs-probes-then-diagnosis',
      severity: 'error',
      comment: 'check.ts joins probes and diagnosis; it knows no entrance.',
      from: { path: '^src/check[.]ts$' },
      to: {
        path: '^src/',
        pathNot: [
          '^src/check[.]ts$',
          below('probes', 'diagnosis', 'net', 'model', 'protocol', 'safety', 'settings'),
        ].join('|'),
      },
    },
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
