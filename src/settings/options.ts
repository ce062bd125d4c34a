// The library's input checked like the command line's (through the one schema, check-schema.ts): a
// program that calls check() with a wrong type, an unknown mode or a misspelt option gets a UsageError
// naming the field and what it accepts, never a TypeError from inside and never a silently different
// check. Pure.
import type { StageReport } from '../model/report.js';
import type { StageName } from '../model/stages.js';
import { readCheckFields, shown } from './check-schema.js';
import type { CheckOptions } from './check-options.js';
import { UsageError } from './usage-error.js';

/** The options of check(), verified field by field against the schema. Undefined values count as absent. */
export function readCheckOptions(input: unknown): CheckOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`check(): expected a target string or an options object with a target, not ${shown(input)}`);
  }
  try {
    return readCheckFields(input);
  } catch (err) {
    // The library speaks as check(), so that a caller knows which call was wrong.
    throw err instanceof UsageError ? new UsageError(`check(): ${err.message}`) : err;
  }
}

/** Progress while a check runs: a stage begins, a stage ends with its line of the report. */
export interface CheckHooks {
  onStageStart?(stage: StageName): void;
  onStageEnd?(stage: StageReport): void;
}

/**
 * The progress hooks of check(): an object whose hook members, when present, are functions. Other
 * members are the caller's own (a progress display with its own stop()) and are left out.
 */
export function readHooks(input: unknown): CheckHooks {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new UsageError(`check(): hooks must be an object with onStageStart and/or onStageEnd, not ${shown(input)}`);
  const caller = (name: keyof CheckHooks): ((arg: unknown) => void) | undefined => {
    const value: unknown = Reflect.get(input, name);
    if (value === undefined) return undefined;
    if (typeof value !== 'function')
      throw new UsageError(`check(): hook ${name} must be a function, not ${shown(value)}`);
    return (arg) => {
      Reflect.apply(value, input, [arg]);
    };
  };
  return { onStageStart: caller('onStageStart'), onStageEnd: caller('onStageEnd') };
}
