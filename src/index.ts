// The library: `import { check } from 'ftpcheck'`. The CLI is built on the same function.
export { check, type CheckHooks } from './check.js';
export type { CheckOptions } from './settings/check-options.js';
export type { Mode } from './model/settings.js';
export type { Family } from './model/observations.js';
export { UsageError } from './settings/usage-error.js';
export {
  FINDING_CODES,
  type Finding,
  type FindingCode,
  type FixStep,
  type Role,
  type Severity,
} from './model/findings.js';
export {
  REPORT_SCHEMA,
  type ConnectionReport,
  type ExitCode,
  type Report,
  type StageReport,
  type SweepReport,
  type TranscriptEntry,
  type Verdict,
} from './model/report.js';
export { STAGE_NAMES, type StageName, type StageStatus } from './model/stages.js';
export type { ServerKind } from './model/server.js';
