// The expected files of one probe (a module's expectFiles) as metrics, labelled by path: whether each is
// there, its age by the server's clock and its size, and the limits it was held to. A value the server did not give is absent, so
// that an alert on age or size never fires on a guess; present is 0 for a missing file or a directory.
import type { Gauge } from 'prom-client';
import type { Report } from '../model/report.js';

type MakeGauge = (name: string, help: string, labelNames?: string[]) => Gauge;

export function fileMetrics(report: Report, gauge: MakeGauge): void {
  const files = report.files;
  if (files === undefined || files.length === 0) return;
  const present = gauge(
    'ftpcheck_file_present',
    'Whether an expected file is on the server (1) or not (0, missing or a directory); absent when unknown',
    ['path'],
  );
  const age = gauge('ftpcheck_file_age_seconds', "An expected file's age by the server's clock", ['path']);
  const size = gauge('ftpcheck_file_size_bytes', "An expected file's size as the server gives it", ['path']);
  // The limits beside the values, so that an alert compares each file with its own (age > max age).
  const maxAge = gauge('ftpcheck_file_max_age_seconds', "An expected file's maxAge (--max-age)", ['path']);
  const minSize = gauge('ftpcheck_file_min_size_bytes', "An expected file's minSize (--min-size)", ['path']);
  for (const f of files) {
    if (f.present !== null) present.set({ path: f.path }, f.present ? 1 : 0);
    if (f.ageSeconds !== null) age.set({ path: f.path }, f.ageSeconds);
    if (f.sizeBytes !== null) size.set({ path: f.path }, f.sizeBytes);
    if (f.maxAgeSeconds !== null) maxAge.set({ path: f.path }, f.maxAgeSeconds);
    if (f.minBytes !== null) minSize.set({ path: f.path }, f.minBytes);
  }
}
