// The Prometheus exporter, run as the built CLI: its HTTP answers, and a real Prometheus (Debian's
// package) scraping it through /probe with relabelling, asserted through Prometheus's query API.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFixture } from '../../fixtures/fault-server.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { CLI } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const PROMETHEUS = '/usr/bin/prometheus';
const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-exporter-'));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Polls `probe` every 250 ms until it returns a value, for at most `ms`. */
async function until<T>(ms: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  return undefined;
}

function stop(child: ChildProcess | undefined): void {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
}

describe('exporter', () => {
  const ftp = forSuite(
    () => startEmbeddedServer({ port: 0 }),
    (s) => s.close(),
  );
  const broken = forSuite(
    () => startFixture('pasv-filtered'),
    (f) => f.close(),
  );
  let exporter: ChildProcess;
  let base: string;
  before(async () => {
    const config = join(dir, 'exporter.json');
    writeFileSync(
      config,
      JSON.stringify({
        modules: { passive: { mode: 'passive', timeout: 1 }, both: { mode: 'both', timeout: 1 } },
        allowTargets: ['127.0.0.1:*'],
        concurrency: 4,
      }),
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    exporter = spawn(process.execPath, [CLI, 'exporter', '--listen', `127.0.0.1:${port}`, '--config', config], {
      stdio: 'ignore',
    });
    assert.ok(
      await until(10_000, async () => ((await fetch(`${base}/`)).ok ? true : undefined)),
      'the exporter starts',
    );
  });
  after(() => {
    stop(exporter);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a probe with the check as metrics', async () => {
    const ok = await (await fetch(`${base}/probe?target=127.0.0.1:${ftp().port}&module=passive`)).text();
    assert.match(ok, /^ftpcheck_probe_success 1$/m);
    assert.match(ok, /^ftpcheck_verdict 0$/m);
    assert.match(ok, /^ftpcheck_stage_success\{stage="passive"\} 1$/m);
    assert.match(ok, /^ftpcheck_sample_bytes_per_second\{stage="passive"\} [1-9]\d*$/m);
    const bad = await (await fetch(`${base}/probe?target=127.0.0.1:${broken().port}&module=passive`)).text();
    assert.match(bad, /^ftpcheck_probe_success 0$/m);
    assert.match(bad, /^ftpcheck_finding\{code="pasv-data-filtered",severity="error"\} 1$/m);
    const own = await (await fetch(`${base}/metrics`)).text();
    assert.match(own, /ftpcheck_exporter_probes_total\{module="passive",result="ok"\} 1/);
  });

  it('refuses targets outside the allow-list, passwords in the URL and unknown modules', async () => {
    assert.equal((await fetch(`${base}/probe?target=192.0.2.1:21&module=passive`)).status, 403);
    assert.equal(
      (await fetch(`${base}/probe?target=${encodeURIComponent('ftp://bob:secret@127.0.0.1:21')}&module=passive`))
        .status,
      400,
    );
    assert.equal((await fetch(`${base}/probe?target=127.0.0.1:21&module=nope`)).status, 400);
  });

  it(
    'is scraped by a real Prometheus through /probe with relabelling',
    { skip: existsSync(PROMETHEUS) ? false : 'Prometheus is not installed (apt-get install prometheus)' },
    async () => {
      const promPort = await freePort();
      const exporterAddress = base.replace('http://', '');
      const config = join(dir, 'prometheus.yml');
      writeFileSync(
        config,
        [
          'global:',
          '  scrape_interval: 3s',
          '  scrape_timeout: 2500ms',
          'scrape_configs:',
          '  - job_name: ftp',
          '    metrics_path: /probe',
          '    params:',
          '      module: [passive]',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${ftp().port}', '127.0.0.1:${broken().port}']`,
          '    relabel_configs:',
          '      - source_labels: [__address__]',
          '        target_label: __param_target',
          '      - source_labels: [__param_target]',
          '        target_label: instance',
          '      - target_label: __address__',
          `        replacement: '${exporterAddress}'`,
          '',
        ].join('\n'),
      );
      const prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(dir, 'tsdb')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
          '--log.level=error',
        ],
        { stdio: 'ignore' },
      );
      try {
        const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
          const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
          const body = (await res.json()) as {
            data: { result: { metric: Record<string, string>; value: [number, string] }[] };
          };
          return body.data.result;
        };
        const success = await until(30_000, async () => {
          const r = await query('ftpcheck_probe_success');
          return r.length === 2 ? r : undefined;
        });
        assert.ok(success, `Prometheus scraped both targets within 30 s; up: ${JSON.stringify(await query('up'))}`);
        const byInstance = new Map(success.map((s) => [s.metric.instance, s.value[1]] as const));
        assert.equal(byInstance.get(`127.0.0.1:${ftp().port}`), '1');
        assert.equal(byInstance.get(`127.0.0.1:${broken().port}`), '0');
        const findings = await query('ftpcheck_finding{code="pasv-data-filtered"}');
        assert.deepEqual(
          findings.map((f) => f.metric.instance),
          [`127.0.0.1:${broken().port}`],
        );
      } finally {
        stop(prometheus);
      }
    },
  );
});
