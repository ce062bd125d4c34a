// Each renderer on hand-built reports (reports.ts): what a user sees — the verdict, a stage line, a
// finding block, the Nagios status line and perfdata, the HTML sections, the JSON document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ranStage } from '../../src/model/stage-report.js';
import { renderHtml } from '../../src/report/html.js';
import { type HumanOptions, renderHuman } from '../../src/report/human.js';
import { renderJson, renderJsonLine } from '../../src/report/json.js';
import { renderNagios } from '../../src/report/nagios.js';
import { renderSummary } from '../../src/report/summary.js';
import { assertSchema, parseReport, parseReportSet } from '../helpers/schema.js';
import { withoutOwnColours } from '../helpers/terminal-safe.js';
import { degraded, failedReport, healthyReport } from './reports.js';

const PLAIN: HumanOptions = { color: false, verbose: false, width: 100 };
const lines = (text: string): string[] => text.split('\n');

describe('renderHuman', () => {
  const out = renderHuman(degraded(), PLAIN);

  it('starts with the verdict and what was checked', () => {
    assert.deepEqual(lines(out).slice(0, 2), [
      'ftpcheck 198.18.2.2: DEGRADED (exit 1)',
      'server vsftpd 3.0.3 · user anonymous · mode both · 2.0 s',
    ]);
  });

  it('has one table row per stage, skipped stages without a time', () => {
    assert.ok(
      lines(out).includes(
        '│ passive  │ ✘ fail  │ 2002 ms │ PASV → 198.18.2.2:50006: no answer to the SYN within 2 s          │',
      ),
    );
    assert.ok(
      lines(out).includes(
        '│ dns      │ - skip  │         │ address given, no lookup needed                                   │',
      ),
    );
    // A long summary wraps inside its column.
    assert.ok(
      lines(out).includes(
        '│ active   │ ✔ pass  │ 5 ms    │ the server connected back from 198.18.2.2:20 in 1 ms; listing     │',
      ),
    );
  });

  it('draws each connection with its outcome', () => {
    assert.ok(
      lines(out).includes(
        '  passive data client 198.18.1.2 → server 198.18.2.2:50006     ✘ no answer to the SYN within 2 s',
      ),
    );
    assert.ok(
      lines(out).includes('  control      client 198.18.1.2 → server 198.18.2.2:21        ✔ connected in 3 ms'),
    );
  });

  it('ends no line in a space, a connection that worked without a detail included', () => {
    const healthy = healthyReport();
    // A connection that simply worked may carry no detail: its line ends at its mark.
    const bare = { ...healthy, connections: healthy.connections.map((c) => ({ ...c, detail: '' })) };
    assert.ok(bare.connections.length > 0);
    for (const report of [degraded(), healthy, failedReport(), bare])
      for (const options of [PLAIN, { ...PLAIN, verbose: true }, { ...PLAIN, width: 80 }]) {
        const text = renderHuman(report, options);
        assert.deepEqual(
          lines(text).filter((line) => line.endsWith(' ')),
          [],
        );
      }
  });

  it('gives an error its whole article, and an info finding its evidence only', () => {
    const block = out.slice(out.indexOf('✘ ERROR pasv-data-filtered'), out.indexOf('i INFO'));
    assert.match(
      block,
      /^✘ ERROR pasv-data-filtered — The passive data port is filtered \(passive\)\n {2}Seen {11}Connecting to the data port 198\.18\.2\.2:50006 \(from PASV\): no answer to the SYN\n {17}within 2 s\.\n/,
    );
    assert.match(block, /\n {2}What it means {2}Its packets are silently dropped on the way\.\n/);
    assert.match(
      block,
      /\n {2}Fix {12}\[server admin\] vsftpd: pasv_min_port=MIN and pasv_max_port=MAX\n {17}\[network admin\] Allow inbound TCP/,
    );
    assert.match(block, /\n {17}\[you \(the client\)\] Ask your network admin\.\n/);
    const info = out.slice(out.indexOf('i INFO'));
    assert.match(
      info,
      /^i INFO active-source-port-not-20 — Active data comes from a port other than 20 \(active\)\n {2}Seen {11}The server connected back from 198\.18\.2\.2:41234 in 1 ms\.\n\n/,
    );
    assert.doesNotMatch(info, /What it means/);
  });

  it('points to explain for the first finding, and shows no transcript', () => {
    assert.match(
      out,
      /\nEach finding on its own, with the settings of other servers: ftpcheck explain pasv-data-filtered\n$/,
    );
    assert.doesNotMatch(out, /Transcript/);
  });

  it('verbose: info findings in full, then the transcript', () => {
    const verbose = renderHuman(degraded(), { ...PLAIN, verbose: true });
    assert.match(
      verbose.slice(verbose.indexOf('i INFO')),
      /\n {2}What it means {2}Old firewall rules allow active FTP by source port 20\.\n/,
    );
    assert.match(
      verbose,
      /\nTranscript\n {2}\+ {4}3 ms control < 220 \(vsFTPd 3\.0\.3\)\n {2}\+ {4}4 ms control > USER anonymous\n {2}\+ {4}9 ms data {4}· connecting to 198\.18\.2\.2:50006\n$/,
    );
  });

  it('colour: the same text, the verdict and results painted', () => {
    const colour = renderHuman(degraded(), { ...PLAIN, color: true });
    assert.equal(withoutOwnColours(colour), out);
    assert.ok(colour.includes('\x1b[1m\x1b[33mDEGRADED\x1b[39m\x1b[22m'));
    assert.ok(colour.includes('\x1b[31m✘ fail\x1b[39m'));
    assert.ok(!out.includes('\x1b'), 'no colour codes when colour is off');
  });

  it('a healthy report says that nothing was found', () => {
    const ok = renderHuman(healthyReport(), PLAIN);
    assert.equal(lines(ok)[0], 'ftpcheck ftp.example.com (198.18.2.2): OK (exit 0)');
    assert.match(ok, /\nNo problems found: control and data connections work\.\n$/);
  });
});

describe('renderSummary', () => {
  const out = renderSummary([degraded(), healthyReport(), failedReport()], { ...PLAIN, width: 120 });

  it('has one row per target: verdict, failing stage, top finding, time', () => {
    assert.match(lines(out)[1] ?? '', /^│ Target +│ Verdict +│ Failing +│ Top finding +│ Time +│$/);
    assert.match(
      out,
      /\n│ 198\.18\.2\.2 +│ degraded │ passive +│ pasv-data-filtered: Connecting to the data port [\d.:]+ +│ 2\.0 s +│\n/,
    );
    // Under a second in milliseconds, never "0.0 s".
    assert.match(out, /\n│ ftp\.example\.com +│ ok +│ +│ +│ 14 ms +│\n/);
    assert.match(
      out,
      /\n│ ftp\.example\.net +│ failed +│ connect +│ control-filtered: Connecting to port 21: no answer to the SYN +│ 2\.0 s +│\n/,
    );
  });

  it('shows each target whole, its port included, also when it is long', () => {
    const long = {
      ...healthyReport(),
      target: { ...healthyReport().target, input: 'ftp://backup@ftp3.example.com:2121' },
    };
    const wide = renderSummary([long, failedReport()], { ...PLAIN, width: 100 });
    assert.match(wide, /\n│ ftp:\/\/backup@ftp3\.example\.com:2121 +│ ok /);
    const longer = 'ftp://backup@a-very-long-host-name.ftp.example.com:2121';
    const narrow = renderSummary([{ ...long, target: { ...long.target, input: longer } }], { ...PLAIN, width: 80 });
    const cells = [...narrow.matchAll(/^│ (\S+) +│/gm)].map((m) => m[1]).slice(1);
    assert.equal(cells.join(''), longer, 'wrapped by characters, nothing lost');
  });

  it('then the full report of each target that is not ok', () => {
    assert.ok(out.includes('\nftpcheck 198.18.2.2: DEGRADED (exit 1)\n'));
    assert.ok(out.includes('\nftpcheck ftp.example.net (203.0.113.9): FAILED (exit 2)\n'));
    assert.ok(!out.includes('ftpcheck ftp.example.com'));
  });
});

describe('renderNagios', () => {
  it('one target: a status line with the top finding and every stage that ran as perfdata, then one line per finding', () => {
    assert.equal(
      renderNagios([degraded()]),
      [
        'FTP WARNING - 198.18.2.2: the passive data port is filtered (pasv-data-filtered) | ' +
          'connect=0.003s;;;0 greeting=0.002s;;;0 login=0.004s;;;0 passive=2.002s;;;0 active=0.005s;;;0 total=2.010s;;;0',
        '[ERROR] pasv-data-filtered: Connecting to the data port 198.18.2.2:50006 (from PASV): no answer to the SYN within 2 s.',
        '[INFO] active-source-port-not-20: The server connected back from 198.18.2.2:41234 in 1 ms.',
        '',
      ].join('\n'),
    );
  });

  it('one target that works: what works, in the status line', () => {
    assert.match(
      renderNagios([healthyReport()]),
      /^FTP OK - ftp\.example\.com: control, passive and active data work \| connect=0\.003s;;;0 /,
    );
  });

  it('keeps "|" out of everything but the perfdata', () => {
    const out = renderNagios([failedReport()]);
    assert.match(
      out,
      /^FTP CRITICAL - ftp\.example\.net: the connection to the FTP port gets no answer \(filtered\) \(control-filtered\) \| dns=0\.001s;;;0 connect=2\.002s;;;0 total=2\.003s;;;0\n/,
    );
    assert.match(
      out,
      /\n\[ERROR\] control-filtered: Connecting to port 21: no answer to the SYN within 2 s \/ dropped\.\n$/,
    );
  });

  it('several targets: counts in the status line and the perfdata, then one line per target', () => {
    assert.equal(
      renderNagios([degraded(), healthyReport(), failedReport()]),
      [
        'FTP CRITICAL - 3 targets: 1 failed, 1 degraded, 1 ok | failed=1;;;0 degraded=1;;;0 ok=1;;;0',
        'WARNING: 198.18.2.2: the passive data port is filtered (pasv-data-filtered)',
        'OK: ftp.example.com: control, passive and active data work',
        'CRITICAL: ftp.example.net: the connection to the FTP port gets no answer (filtered) (control-filtered)',
        '',
      ].join('\n'),
    );
  });
});

describe('renderHtml', () => {
  const html = renderHtml(degraded());

  it('names the target and the verdict in the title and the heading', () => {
    assert.ok(html.includes('<title>ftpcheck 198.18.2.2: DEGRADED</title>'));
    assert.ok(html.includes('<h1>ftpcheck 198.18.2.2 <span class="verdict degraded">DEGRADED</span></h1>'));
  });

  it('gives a check under a second in milliseconds, never "0.0 s"', () => {
    const quick = renderHtml({ ...healthyReport(), durationMs: 43 });
    assert.match(quick, / · 43 ms · user anonymous · /);
    assert.doesNotMatch(quick, /0\.0 s/);
    assert.match(html, / · 2\.0 s · user /);
  });

  it('has its sections in order', () => {
    const order = ['Connections', 'Findings', 'Stages', 'Transcript'].map((h) => html.indexOf(`<h2>${h}</h2>`));
    assert.ok(order.every((at) => at > 0));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });

  it('draws each connection with its outcome', () => {
    assert.ok(html.includes('>✘ passive data: 198.18.1.2 → 198.18.2.2:50006</text>'));
    assert.ok(html.includes('>no answer to the SYN within 2 s</text>'));
    assert.ok(html.includes('>✔ active data (callback): 198.18.2.2:20 → 198.18.1.2:46879</text>'));
  });

  it('gives each finding its article, fixes grouped by role, inline code as <code>', () => {
    assert.ok(html.includes('<section class="finding error" id="pasv-data-filtered">'));
    assert.ok(
      html.includes(
        '<dt>Seen</dt><dd>Connecting to the data port 198.18.2.2:50006 (from PASV): no answer to the SYN within 2 s.</dd>',
      ),
    );
    assert.ok(
      html.includes(
        '<dd><strong>Server admin</strong><ul><li>vsftpd: pasv_min_port=MIN and pasv_max_port=MAX</li></ul></dd>',
      ),
    );
    assert.ok(html.includes('<li><code>nc -vz -w 5 HOST PORT</code> hangs.</li>'));
    assert.ok(html.includes('<section class="finding info" id="active-source-port-not-20">'));
  });

  it('has one escaped table row per stage', () => {
    assert.ok(
      html.includes(
        '<tr><td>passive</td><td class="fail">fail</td><td>2002 ms</td><td>PASV → 198.18.2.2:50006: no answer to the SYN within 2 s</td></tr>',
      ),
    );
    assert.ok(
      html.includes(
        '<tr><td>greeting</td><td class="pass">pass</td><td>2 ms</td><td>&#34;220 (vsFTPd 3.0.3)&#34;</td></tr>',
      ),
    );
    assert.ok(html.includes('<tr><td>tls</td><td class="skip">skip</td><td></td>'));
  });

  it('escapes what it shows, and a healthy report says nothing was found', () => {
    const r = degraded();
    const [first] = r.findings;
    assert.ok(first);
    first.evidence = '<script>alert(1)</script>';
    assert.ok(renderHtml(r).includes('<dd>&#60;script&#62;alert(1)&#60;/script&#62;</dd>'));
    assert.ok(renderHtml(healthyReport()).includes('<p>No problems found: control and data connections work.</p>'));
  });
});

describe('renderJson', () => {
  it('one document, the same report, that matches the schema', () => {
    const out = renderJson(degraded());
    assert.ok(out.endsWith('}\n'));
    const parsed: unknown = JSON.parse(out);
    assertSchema(parsed);
    assert.deepEqual(parsed, degraded());
  });

  it('keeps the evidence flat on each stage', () => {
    const doc = parseReport(renderJson(degraded()));
    assert.deepEqual(ranStage(doc.stages, 'passive')?.dataTarget, { address: '198.18.2.2', port: 50006 });
    assert.equal(ranStage(doc.stages, 'connect')?.outcome, 'connected');
    assert.deepEqual(Object.keys(doc.stages[0] ?? {}), ['name', 'status', 'durationMs', 'summary']);
  });

  it('several reports in one document, and JSON Lines', () => {
    const set = parseReportSet(renderJson({ schema: 'ftpcheck/1', results: [degraded(), failedReport()] }));
    assert.equal(set.results.length, 2);
    const jsonl = renderJsonLine(healthyReport());
    assert.equal(jsonl.split('\n').length, 2);
    parseReport(jsonl);
  });
});
