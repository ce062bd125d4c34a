// The TLS metrics of one probe, named after blackbox_exporter's (probe_ssl_last_chain_expiry_timestamp_seconds,
// probe_tls_version_info) so that its dashboards and alerts carry over: when the control connection's
// certificate ends, and which TLS version was negotiated. Absent when the check did not get a handshake.
import type { Gauge } from 'prom-client';
import type { Report } from '../model/report.js';
import { ranStage } from '../model/stage-report.js';

type MakeGauge = (name: string, help: string, labelNames?: string[]) => Gauge;

export function tlsMetrics(report: Report, gauge: MakeGauge): void {
  const tls = ranStage(report.stages, 'tls');
  if (!tls || !('protocol' in tls)) return;
  gauge('ftpcheck_tls_version_info', 'The TLS version of the control connection, as a label', ['version']).set(
    { version: tls.protocol },
    1,
  );
  const ends = tls.certificate ? Date.parse(tls.certificate.validTo) : Number.NaN;
  if (Number.isNaN(ends)) return;
  gauge(
    'ftpcheck_tls_cert_expiry_timestamp_seconds',
    "When the server's certificate ends (its notAfter), in seconds since the Unix epoch",
  ).set(ends / 1000);
}
