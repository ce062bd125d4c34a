// One probe run's bookkeeping: the context every probe gets, the observations the stages record, the
// deadline between stages and the progress events. Stages themselves only return what they observed.
import type { Address, Observations } from '../model/observations.js';
import type { CheckSettings } from '../model/settings.js';
import type { ProbeRun } from '../model/run.js';
import type { StageName } from '../model/stages.js';
import { deadlineAfter } from '../net/deadline.js';
import { Transcript } from '../net/transcript.js';
import { Secrets } from '../safety/secrets.js';
import type { ProbeContext } from './context.js';

export type { ProbeRun };

export interface StageEvents {
  started(stage: StageName): void;
  finished(stage: StageName, observations: Observations): void;
}

/** What a stage may record: the observation of its name (connect also a fallback and implicit TLS). */
export type StageObservations = Pick<Observations, StageName | 'addressFallback'>;

/** What the follow-up checks after the stages record. */
export type FollowUpObservations = Pick<
  Observations,
  | 'sweep'
  | 'plain'
  | 'authTlsProbe'
  | 'tlsModeProbe'
  | 'legacyTls'
  | 'serverView'
  | 'bounce'
  | 'anonymousLogin'
  | 'reflect'
  | 'files'
>;

export class StageRunner {
  readonly ctx: ProbeContext;
  readonly settings: CheckSettings;
  readonly #observations: Observations;
  readonly #deadlineMs: number;
  readonly #events: StageEvents;
  readonly #secrets: Secrets;
  readonly #startedAt = new Date();
  /**
   * Stages whose events are not all told yet, in the order they started. Stages may run at once (the
   * active stage beside the passive one), but whoever watches (the spinners) is told one stage at a
   * time: a stage's start once every stage before it has finished, its end after that.
   */
  readonly #untold: { stage: StageName; told: boolean; observations: Observations | undefined }[] = [];
  readonly #start = Date.now();

  constructor(settings: CheckSettings, events: StageEvents, signal?: AbortSignal) {
    this.settings = settings;
    this.#deadlineMs = settings.deadlineMs;
    this.#events = events;
    this.#secrets = new Secrets(settings.secrets);
    this.ctx = {
      timeoutMs: settings.timeoutMs,
      deadline: deadlineAfter(settings.deadlineMs, Date.now, signal),
      transcript: new Transcript(this.#start, this.#secrets),
      maxDataBytes: settings.maxDataBytes,
      tls: settings.tls ? { servername: settings.host, ca: settings.tls.ca } : undefined,
    };
    this.#observations = {
      target: { host: settings.host, port: settings.port, user: settings.credentials.user },
      mode: settings.mode,
      timeoutMs: settings.timeoutMs,
      tlsRequest: settings.tls ? { mode: settings.tls.mode, strict: settings.tls.strict } : undefined,
      posture: { audit: settings.audit, certWarnDays: settings.certWarnDays },
    };
  }

  /** The observations so far, as the probes saw them (not yet scrubbed of secrets). */
  get observations(): Readonly<Observations> {
    return this.#observations;
  }

  /**
   * Runs one stage and records what it observed; undefined when it did not start, because the deadline
   * has passed (recorded as deadlineHit) or an earlier stage was cut short by it. A property, not a
   * method, so that it can be handed to openSession as its step runner.
   */
  readonly step = async <T extends { observed: StageObservations }>(
    stage: StageName,
    body: () => Promise<T>,
  ): Promise<T | undefined> => {
    const obs = this.#observations;
    if (obs.deadlineHit) return undefined;
    if (this.ctx.deadline.expired()) {
      obs.deadlineHit = { stage, deadlineMs: this.#deadlineMs };
      return undefined;
    }
    const entry = { stage, told: false, observations: undefined as Observations | undefined };
    this.#untold.push(entry);
    this.#tell();
    const outcome = await body();
    Object.assign(obs, outcome.observed);
    if (this.ctx.deadline.expired()) obs.deadlineHit = { stage, deadlineMs: this.#deadlineMs };
    entry.observations = this.#secrets.redactAll(obs);
    this.#tell();
    return outcome;
  };

  /** Tells the events that are due, in order (see #untold). */
  #tell(): void {
    for (let head = this.#untold[0]; head; head = this.#untold[0]) {
      if (!head.told) {
        head.told = true;
        this.#events.started(head.stage);
      }
      if (!head.observations) return;
      this.#events.finished(head.stage, head.observations);
      this.#untold.shift();
    }
  }

  /** The run's result. Probes parse what servers send as it came (a password that looks like a port
   * number must not break a PASV reply); what leaves the run is scrubbed of the secrets, wherever a
   * server repeated them. */
  finish(address: Address | undefined, followUps: FollowUpObservations = {}): ProbeRun {
    Object.assign(this.#observations, followUps);
    return {
      observations: this.#secrets.redactAll(this.#observations),
      transcript: this.ctx.transcript.finish(),
      startedAt: this.#startedAt,
      durationMs: Date.now() - this.#start,
      address,
    };
  }
}
