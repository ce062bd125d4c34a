// The stage runner without a network: what it records, the deadline between stages, and the progress
// events, which see the observations scrubbed of the run's secrets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GreetingObservation, Observations } from '../../src/model/observations.js';
import type { CheckSettings } from '../../src/model/settings.js';
import type { StageName } from '../../src/model/stages.js';
import { StageRunner } from '../../src/probes/stage-runner.js';
import { checkSettings } from '../../src/settings/settings.js';

function settings(overrides: Partial<CheckSettings> = {}): CheckSettings {
  return { ...checkSettings({ target: '127.0.0.1', timeout: 1 }), ...overrides };
}

function recorder(): {
  events: string[];
  seen: Observations[];
  sink: { started(s: StageName): void; finished(s: StageName, o: Observations): void };
} {
  const events: string[] = [];
  const seen: Observations[] = [];
  return {
    events,
    seen,
    sink: {
      started: (stage) => events.push(`started ${stage}`),
      finished: (stage, observations) => {
        events.push(`finished ${stage}`);
        seen.push(structuredClone(observations));
      },
    },
  };
}

const greeted = (text: string): GreetingObservation => ({
  kind: 'greeted',
  ms: 1,
  reply: { code: 220, lines: [text] },
  software: undefined,
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('StageRunner', () => {
  it('records each stage and reports its start and end', async () => {
    const { events, sink } = recorder();
    const run = new StageRunner(settings(), sink);
    const outcome = await run.step('greeting', () =>
      Promise.resolve({ observed: { greeting: greeted('hello') }, extra: 42 }),
    );
    assert.equal(outcome?.extra, 42);
    assert.deepEqual(events, ['started greeting', 'finished greeting']);
    assert.deepEqual(run.observations.greeting, greeted('hello'));
    assert.equal(run.observations.deadlineHit, undefined);
  });

  it('does not start a stage once the deadline has passed, and records which stage could not start', async () => {
    const { events, sink } = recorder();
    const run = new StageRunner(settings({ deadlineMs: 0 }), sink);
    let ran = false;
    const outcome = await run.step('dns', () => {
      ran = true;
      return Promise.resolve({ observed: {} });
    });
    assert.equal(outcome, undefined);
    assert.equal(ran, false);
    assert.deepEqual(events, []);
    assert.deepEqual(run.observations.deadlineHit, { stage: 'dns', deadlineMs: 0 });
  });

  it('names the stage the deadline cut short, and starts none after it', async () => {
    const { events, seen, sink } = recorder();
    const run = new StageRunner(settings({ deadlineMs: 30 }), sink);
    const cut = await run.step('greeting', async () => {
      await sleep(60);
      return { observed: { greeting: greeted('late') } };
    });
    // The stage's own outcome still counts; the run goes no further.
    assert.equal(cut?.observed.greeting.kind, 'greeted');
    assert.equal(await run.step('tls', () => Promise.resolve({ observed: {} })), undefined);
    assert.deepEqual(events, ['started greeting', 'finished greeting']);
    assert.deepEqual(seen.at(-1)?.deadlineHit, { stage: 'greeting', deadlineMs: 30 });
    assert.deepEqual(run.observations.deadlineHit, { stage: 'greeting', deadlineMs: 30 });
  });

  it('hands the progress events and the result observations without the secrets, and keeps them for the probes', async () => {
    const { seen, sink } = recorder();
    const run = new StageRunner(settings({ secrets: ['hunter2secret'] }), sink);
    await run.step('greeting', () =>
      Promise.resolve({ observed: { greeting: greeted('your password is hunter2secret') } }),
    );
    assert.deepEqual(seen[0]?.greeting, greeted('your password is ****'));
    assert.deepEqual(run.observations.greeting, greeted('your password is hunter2secret'));
    const result = run.finish({ address: '127.0.0.1', family: 4 }, { authTlsProbe: undefined });
    assert.deepEqual(result.observations.greeting, greeted('your password is ****'));
    assert.ok('authTlsProbe' in result.observations);
    assert.deepEqual(result.address, { address: '127.0.0.1', family: 4 });
  });

  it('tells stages that run at once one at a time: the later one starts once the earlier has ended', async () => {
    const { events, sink } = recorder();
    const run = new StageRunner(settings(), sink);
    let endPassive: () => void = () => undefined;
    const passiveHeld = new Promise<void>((resolve) => (endPassive = resolve));
    const passive = run.step('passive', async () => {
      await passiveHeld;
      return { observed: {} };
    });
    // The active stage ends first, while the passive one still runs.
    await run.step('active', () => Promise.resolve({ observed: {} }));
    assert.deepEqual(events, ['started passive']);
    endPassive();
    await passive;
    assert.deepEqual(events, ['started passive', 'finished passive', 'started active', 'finished active']);
  });
});
