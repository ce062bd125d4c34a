// Every renderer, given a report full of hostile server text, writes output that cannot drive a
// terminal, and still shows what the server sent, escaped. Both a report from ftpcheck's own pipeline
// and one whose strings were never cleaned (as from another process) are rendered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportOf } from '../../src/diagnosis/assembly/report.js';
import { probeMetrics } from '../../src/exporter/metrics.js';
import type { Observations } from '../../src/model/observations.js';
import type { Report } from '../../src/model/report.js';
import { renderHtml } from '../../src/report/html.js';
import { renderHuman } from '../../src/report/human.js';
import { renderJson, renderJsonLine } from '../../src/report/json.js';
import { renderNagios } from '../../src/report/nagios.js';
import { renderSummary } from '../../src/report/summary.js';
import { assertTerminalSafe, jsonStrings } from '../helpers/terminal-safe.js';
import { answered, healthy, reply } from './observations.js';

const HOSTILE =
  '\x1b[31mRED\x1b]0;title\x07\x1b]8;;http://link.invalid/\x1b\\link\x1b]8;;\x1b\\\u009b2J\r\x7f\u202eevil\u202c\u2028x\n';

function hostileObservations(): Observations {
  const o = healthy();
  if (o.login?.kind !== 'logged-in' || o.passive?.kind !== 'ran') throw new Error('canned run changed');
  return {
    ...o,
    greeting: {
      kind: 'greeted',
      ms: 3,
      reply: { code: 220, lines: [`${HOSTILE}welcome`, `${HOSTILE}ready`] },
      software: undefined,
    },
    login: { ...o.login, system: `${HOSTILE}UNIX`, features: [`${HOSTILE}EPSV`], directory: `/${HOSTILE}` },
    passive: { ...o.passive, transfer: { kind: 'rejected', ms: 3, reply: reply(451, `${HOSTILE}failed`), bytes: 0 } },
    active:
      o.active?.kind === 'ran'
        ? {
            ...o.active,
            portExchange: { command: 'PORT 1,2,3,4,5,6', result: answered(500, `${HOSTILE}Illegal PORT`) },
          }
        : o.active,
  };
}

function pipelineReport(): Report {
  return reportOf(
    { input: '198.18.2.2', host: '198.18.2.2', port: 21, credentials: { user: 'anonymous' }, mode: 'both' },
    {
      observations: hostileObservations(),
      transcript: [{ t: 1, conn: 'control', dir: 'recv', text: `220 ${HOSTILE}` }],
      startedAt: new Date('2026-12-01T00:00:00Z'),
      durationMs: 20,
      address: { address: '198.18.2.2', family: 4 },
    },
  );
}

/** A report whose free-text fields hold raw server text, as a report parsed from elsewhere could. */
function rawReport(): Report {
  const r = structuredClone(pipelineReport());
  r.target.input = `198.18.2.2${HOSTILE}`;
  r.server = { ...r.server, software: HOSTILE, greeting: HOSTILE, system: HOSTILE };
  for (const s of r.stages) s.summary = `${s.summary} ${HOSTILE}`;
  for (const c of r.connections) c.detail = `${c.detail} ${HOSTILE}`;
  for (const f of r.findings) f.evidence = `${f.evidence} ${HOSTILE}`;
  r.transcript = r.transcript.map((e) => ({ ...e, text: `${e.text}${HOSTILE}` }));
  r.plainComparison = { ran: true, summary: HOSTILE };
  return r;
}

/** `quiet`: the output carries no server text of its own (headline counts, metric values). */
const renderers: [
  string,
  (r: Report) => string | Promise<string>,
  { ownColours?: boolean; json?: boolean; quiet?: boolean },
][] = [
  ['human, no colour, verbose', (r) => renderHuman(r, { color: false, verbose: true, width: 100 }), {}],
  ['human, colour', (r) => renderHuman(r, { color: true, verbose: true, width: 100 }), { ownColours: true }],
  ['summary of several targets', (r) => renderSummary([r, r], { color: false, verbose: false, width: 120 }), {}],
  ['Nagios, one target', (r) => renderNagios([r]), {}],
  ['Nagios, several targets', (r) => renderNagios([r, r]), { quiet: true }],
  ['HTML', renderHtml, {}],
  ['JSON', renderJson, { json: true }],
  ['JSON Lines', renderJsonLine, { json: true }],
  ['Prometheus metrics', async (r) => (await probeMetrics(r)).body, { quiet: true }],
];

describe('renderers with hostile server text', () => {
  for (const [source, make] of [
    ['ftpcheck report', pipelineReport],
    ['uncleaned report', rawReport],
  ] as const) {
    for (const [name, render, how] of renderers) {
      it(`${name} (${source})`, async () => {
        const out = await render(make());
        assertTerminalSafe(out, name, how);
        if (how.json) {
          // What `jq -r` would print of any string: nothing that drives a terminal either.
          for (const text of jsonStrings(JSON.parse(out)))
            assertTerminalSafe(text.replace(/\n/g, ' '), `${name} string`);
        }
        // The server's words are still there, made visible.
        if (!how.quiet)
          assert.ok(
            out.includes('\\x1b[31mRED') || out.includes('\\\\x1b[31mRED'),
            `${name}: the escaped sequence is shown`,
          );
      });
    }
  }

  it('the report names the control characters in an info finding', () => {
    const finding = pipelineReport().findings.find((f) => f.code === 'server-sends-control-characters');
    assert.ok(finding);
    assert.equal(finding.severity, 'info');
    assert.equal(finding.stage, 'greeting');
    assert.match(
      finding.evidence,
      /the greeting, the login replies, the passive-mode replies and the active-mode replies/,
    );
    assert.match(finding.evidence, /\\x1b \(ESC/);
    assert.match(finding.evidence, /\\x9b \(8-bit CSI\)/);
    assert.match(finding.evidence, /\\u202e \(bidirectional control\)/);
  });
});
