// One complete check: probes, then diagnosis, then the report that every output format renders.
// `check()` is the library's entry point (src/index.ts); the CLI calls the same function.
import type { Report } from './model/report.js';
import type { DnsObservation } from './model/observations.js';
import { resolveName } from './probes/dns.js';
import { runProbes, type StageEvents } from './probes/pipeline.js';
import { type CheckHooks, readCheckOptions, readHooks } from './settings/options.js';
import type { CheckOptions } from './settings/check-options.js';
import { checkSettings, settingsForTarget, type TargetSettings } from './settings/settings.js';
import type { Target } from './settings/target.js';
import { UsageError } from './settings/usage-error.js';

export type { CheckHooks };

/**
 * Checks FTP to one server, stage by stage, and returns the report that `ftpcheck --json` prints.
 * `check('ftp.example.com')` and `check({ target: 'ftp.example.com', mode: 'passive' })` are the same.
 * Invalid options throw a UsageError; network failures never throw, they are findings in the report.
 * Server text in the report has its control characters escaped (`\x1b`), and the password is
 * replaced by **** wherever the server repeated it.
 */
export function check(target: string, options?: Omit<CheckOptions, 'target'>, hooks?: CheckHooks): Promise<Report>;
export function check(options: CheckOptions, hooks?: CheckHooks): Promise<Report>;
export async function check(first: unknown, second?: unknown, third?: unknown): Promise<Report> {
  const { options, hooks } = readArguments(first, second, third);
  return checkWithSettings(checkSettings(options), hooks);
}

function readArguments(first: unknown, second: unknown, third: unknown): { options: CheckOptions; hooks: CheckHooks } {
  if (typeof first !== 'string') {
    if (third !== undefined)
      throw new UsageError('check(): with an options object, the second argument is the hooks and there is no third');
    return { options: readCheckOptions(first), hooks: readHooks(second) };
  }
  if (second !== undefined && (typeof second !== 'object' || second === null || Array.isArray(second))) {
    throw new UsageError('check(): the options after the target must be an object');
  }
  if (second !== undefined && 'target' in second)
    throw new UsageError('check(): target given twice: as the first argument and in the options');
  return { options: readCheckOptions({ ...second, target: first }), hooks: readHooks(third) };
}

/** A check whose target is resolved, waiting to run; see prepareCheck(). */
export interface PreparedCheck {
  host: string;
  port: number;
  /** The name's addresses (or the address itself), or why it did not resolve. */
  resolved: DnsObservation;
  /**
   * Runs the check against exactly the addresses in `resolved`; a `signal` that aborts (its caller has
   * gone) ends it early: no further stage or wait.
   */
  run(signal?: AbortSignal): Promise<Report>;
}

/**
 * A check in two steps, for a caller that must vet the target's addresses between the name's
 * resolution and the first connection (the agent, against DNS rebinding): the options are read and the
 * name resolved once; run() then connects to those addresses only. Not part of the library's API.
 */
export async function prepareCheck(options: CheckOptions, target?: Target): Promise<PreparedCheck> {
  // A caller that parsed the options' target already (to vet it) passes it, so it is parsed once.
  const read = readCheckOptions(options);
  const settings = target === undefined ? checkSettings(read) : settingsForTarget(target, read);
  const resolved = await resolveName(settings.host, settings.family, settings.timeoutMs);
  return {
    host: settings.host,
    port: settings.port,
    resolved,
    run: (signal) => checkWithSettings({ ...settings, resolved }, {}, signal),
  };
}

/**
 * A check whose options are read and whose target is parsed already: the command line parses each
 * target once, at its entrance (for the deadline and the warnings), and runs the check from here.
 * Not part of the library's API.
 */
export async function checkWithSettings(
  settings: TargetSettings,
  hooks: CheckHooks,
  signal?: AbortSignal,
): Promise<Report> {
  if (!hooks.onStageStart && !hooks.onStageEnd) {
    // The diagnosis and the report load while the probes wait on the network: a check does not pay
    // for them before its first connection.
    const probing = runProbes(settings, undefined, signal);
    const reporting = import('./diagnosis/assembly/report.js');
    // Awaited below; this only keeps a failed load from counting as unhandled while the probes run.
    reporting.catch(() => undefined);
    const run = await probing;
    return (await reporting).reportOf(settings, run);
  }
  // Progress wants each stage's line as it ends, which needs the diagnosis from the start.
  const { reportOf, stageLineSoFar } = await import('./diagnosis/assembly/report.js');
  const events: StageEvents = {
    started: (stage) => hooks.onStageStart?.(stage),
    finished: (stage, observations) => {
      const line = stageLineSoFar(observations, stage);
      if (line) hooks.onStageEnd?.(line);
    },
  };
  return reportOf(settings, await runProbes(settings, events, signal));
}
