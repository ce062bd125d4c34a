// One probe's report as Prometheus metrics, in a registry of its own (the multi-target exporter
// pattern: each /probe answer describes only that probe).
import { Gauge, Registry } from 'prom-client';
import type { Report } from '../model/report.js';
import { ranStage } from '../model/stage-report.js';
import { visibleStrings } from '../safety/visible.js';
import { fileMetrics } from './file-metrics.js';
import { tlsMetrics } from './tls-metrics.js';

const VERDICT_VALUE = { ok: 0, degraded: 1, failed: 2 } as const;

export async function probeMetrics(untrusted: Report): Promise<{ contentType: string; body: string }> {
  const report = visibleStrings(untrusted);
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  gauge('ftpcheck_probe_success', 'Whether the check passed (verdict ok): 1 or 0').set(report.verdict === 'ok' ? 1 : 0);
  gauge('ftpcheck_verdict', 'The verdict: 0 ok, 1 degraded, 2 failed').set(VERDICT_VALUE[report.verdict]);
  gauge('ftpcheck_probe_duration_seconds', 'How long the whole check took').set(report.durationMs / 1000);
  const stageSuccess = gauge(
    'ftpcheck_stage_success',
    'Whether a stage worked (1) or failed (0); skipped stages are absent',
    ['stage'],
  );
  const stageDuration = gauge('ftpcheck_stage_duration_seconds', 'How long a stage took', ['stage']);
  for (const stage of report.stages) {
    if (stage.status === 'skip') continue;
    stageSuccess.set({ stage: stage.name }, stage.status === 'fail' ? 0 : 1);
    stageDuration.set({ stage: stage.name }, stage.durationMs / 1000);
  }
  const finding = gauge(
    'ftpcheck_finding',
    'A finding of the check, by code and severity (see ftpcheck explain CODE)',
    ['code', 'severity'],
  );
  for (const f of report.findings) finding.set({ code: f.code, severity: f.severity }, 1);
  tlsMetrics(report, gauge);
  fileMetrics(report, gauge);
  const sampleRate = gauge(
    'ftpcheck_sample_bytes_per_second',
    'Throughput of the bulk sample downloaded after a working listing, by data stage; absent when none was downloaded',
    ['stage'],
  );
  for (const name of ['passive', 'active'] as const) {
    const rate = ranStage(report.stages, name)?.sample?.bytesPerSecond;
    if (rate !== undefined && rate !== null) sampleRate.set({ stage: name }, rate);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
