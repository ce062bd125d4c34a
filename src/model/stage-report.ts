// One stage's line of the report: four common fields, and beside them, flat on the same object, the
// facts that stage observed (its evidence), so monitoring can pick fields (`.dataTarget.port`). Each
// stage has its own evidence type; the JSON places are part of ftpcheck/1: add fields, never rename one.
import type {
  ActiveObservation,
  DnsObservation,
  LoginObservation,
  OtherService,
  TlsObservation,
} from './observations.js';
import type { AddressRelation, PassiveRequest } from './passive.js';
import type { CallbackResult, CertificateInfo, ConnectResult, Endpoint, TransferResult } from './connections.js';
import type { Reply, ReplyResult, ViolationReason } from './exchanges.js';
import type {
  ControlAfter,
  CutReason,
  DataTransfer,
  SampleFile,
  SampleObservation,
  UploadObservation,
} from './data-checks.js';
import type { NonceArrival } from './reflect.js';
import type { StageName, StageStatus } from './stages.js';

type Ran<T> = Extract<T, { kind: 'ran' }>;

export type DnsEvidence =
  | { addresses: string[]; chosen: string }
  | { reason: Extract<DnsObservation, { kind: 'failed' }>['reason']; errno: string };

export type ConnectEvidence =
  | {
      outcome: 'connected';
      local: Endpoint;
      remote: Endpoint;
      /** The addresses the server named for this machine (STAT, a reply, a 425); null when it was not asked. */
      seenAs: SeenAsEvidence[] | null;
    }
  | { outcome: 'refused' | 'timeout' }
  | { outcome: 'unreachable' | 'error'; errno: string };

export type GreetingEvidence =
  | { outcome: 'greeted'; reply: Reply; software: string | null }
  | { outcome: 'rejected'; reply: Reply }
  | { outcome: 'silent'; partial: string }
  | { outcome: 'not-ftp'; service: OtherService; banner: string }
  | { outcome: 'closed' | 'reset' | 'deadline' }
  | { outcome: 'violation'; reason: ViolationReason };

type TlsMode = Ran<TlsObservation>['mode'];

/** Whether the server also accepts TLS 1.0 or 1.1, from a handshake of its own offering only those. */
export interface LegacyTlsEvidence {
  outcome: 'accepted' | 'refused' | 'not-tested';
  /** The version the server agreed to, when it accepted one. */
  protocol: string | null;
  /** How that handshake ended, or why it was not tested, in words. */
  detail: string;
}

export type TlsEvidence =
  /** AUTH TLS was not accepted: how it was answered, in words. */
  | { mode: 'explicit'; auth: string }
  | { mode: TlsMode; handshake: 'failed' | 'timeout' }
  | {
      mode: TlsMode;
      protocol: string;
      cipher: string;
      certificate: CertificateInfo | null;
      /** Null when the check ended before testing it (the follow-ups after the data stages do). */
      legacyTls: LegacyTlsEvidence | null;
    };

type Refused = Extract<LoginObservation, { kind: 'refused' }>;

export type LoginEvidence =
  | {
      outcome: 'logged-in';
      user: string;
      system: string | null;
      features: string[] | null;
      directory: string | null;
      /** --audit: PORT/EPRT to a documentation address, and how it was answered; null without --audit. */
      bounce: PostureEvidence<'accepted' | 'refused'> | null;
      /** --audit with a named user: an anonymous login on a connection of its own; null when not tried. */
      anonymousLogin: PostureEvidence<LoginObservation['kind']> | null;
    }
  | { outcome: 'refused'; user: string; command: Refused['command']; reply: Reply; tlsRequired: boolean }
  | { outcome: 'no-reply'; user: string; command: string; result: Exclude<ReplyResult, { kind: 'reply' }>['kind'] };

export interface PassiveEvidence {
  /** Each PASV/EPSV sent: its reply in words, and the address and port parsed from it (EPSV names no address). */
  requests: {
    command: PassiveRequest['command'];
    reply: string;
    advertised: { address?: string | undefined; port: number } | null;
  }[];
  used: PassiveRequest['command'] | null;
  relation: AddressRelation | null;
  /** Always the server's own address, with the advertised port. */
  dataTarget: Endpoint | null;
  data: ConnectResult['kind'] | null;
  transfer: TransferResult['kind'] | null;
  bytes: number | null;
  /** PASV and EPSV tested apart (IPv4): the data connections after the stage's own; null when not tested. */
  apart: PassiveAttemptEvidence[] | null;
}

export interface ActiveEvidence {
  command: Ran<ActiveObservation>['command'];
  /** Where ftpcheck listened and what it told the server. */
  listen: Endpoint;
  /** The reply to PORT/EPRT, in words. */
  portReply: string;
  callback: CallbackResult | null;
  transfer: TransferResult['kind'] | null;
  bytes: number | null;
  /** `ftpcheck reflect` only: what the reflector saw of the session. */
  reflector?: ReflectorEvidence;
}

/** What the reflector saw of a `ftpcheck reflect` session, and how its nonce arrived. */
export interface ReflectorEvidence {
  /** The control connection's source as the reflector saw it: this machine's address from outside. */
  seenAs: string | null;
  /** What this machine announced in hex (SITE CLIENT): its own address and data port. */
  announced: Endpoint | null;
  /** The last PORT/EPRT as it arrived; null when none did. */
  received: {
    command: 'PORT' | 'EPRT';
    /** The argument as it arrived. */
    text: string;
    address: string | null;
    port: number | null;
    /** It names what was announced; null without a hex form to compare with. */
    asAnnounced: boolean | null;
    accepted: boolean;
  } | null;
  /** The reflector's end of its connection back; null when it did not connect. */
  callbackFrom: Endpoint | null;
  /** Why the reflector did not connect back from port 20; null when it did or did not connect. */
  notFromPort20: string | null;
  activeNonce: NonceArrival['kind'];
  passiveNonce: NonceArrival['kind'];
  /** Why the reflector's view could not be read through the API; null when it was. */
  unavailable: string | null;
}

/**
 * What the data checks after a working listing add to the passive and active lines (model/data-checks.ts):
 * the sample download and the upload, null when not asked for (--transfer-bytes 0; no --upload) or when
 * the listing did not work.
 */
export interface DataCheckEvidence {
  sample: {
    outcome: Exclude<SampleObservation['kind'], 'ran'> | DataTransfer['kind'];
    /** As sent with RETR, and its size as listed. */
    file: string | null;
    size: number | null;
    from: SampleFile['from'] | null;
    /** The sample size asked for. */
    limit: number | null;
    bytes: number | null;
    /** From RETR to the end of the sample. */
    ms: number | null;
    /** From RETR to the last byte; null when nothing came. */
    bytesPerSecond: number | null;
    /** Why ftpcheck ended a download that was still going (the sample was complete). */
    cut: CutReason | null;
    /** A stalled download: when its last byte came, after RETR (null: none came). */
    lastByteMs: number | null;
    /** The reply that ended or refused the transfer, in words. */
    reply: string | null;
    control: ControlAfter | null;
    /** Why no sample was downloaded (no large file listed, the deadline), in words. */
    reason: string | null;
  } | null;
  upload: {
    outcome: Exclude<UploadObservation['kind'], 'ran'> | DataTransfer['kind'];
    path: string | null;
    bytes: number | null;
    ms: number | null;
    reply: string | null;
    /** DELE removed the file again; null when there was nothing to remove. */
    deleted: boolean | null;
    control: ControlAfter | null;
    reason: string | null;
  } | null;
}

/** The fields every stage line has. */
interface StageLine<N extends StageName, S extends StageStatus> {
  name: N;
  status: S;
  durationMs: number;
  summary: string;
}

interface EvidenceMap {
  dns: DnsEvidence;
  connect: ConnectEvidence;
  greeting: GreetingEvidence;
  tls: TlsEvidence;
  login: LoginEvidence;
  passive: PassiveEvidence & DataCheckEvidence;
  active: ActiveEvidence & DataCheckEvidence;
}

type KeysOf<T> = T extends unknown ? keyof T : never;
/** Accepts T only when `Clash` is never: evidence flat beside the common fields must not reuse their names. */
type Checked<T, Clash extends never> = [T, Clash][0];

/** Each stage's evidence; an evidence field named like a common field (`status`…) is a compile error here. */
export type StageEvidence = Checked<
  EvidenceMap,
  Extract<KeysOf<EvidenceMap[StageName]>, keyof StageLine<StageName, StageStatus>>
>;

export type RanStatus = Exclude<StageStatus, 'skip'>;

/** The line of a stage that ran: the common fields and that stage's evidence. */
export type RanStageOf<N extends StageName> = StageLine<N, RanStatus> & StageEvidence[N];

/** The line of a stage that ran, as a union over stages (narrow it by `name`). */
export type RanStage<N extends StageName = StageName> = N extends StageName ? RanStageOf<N> : never;

/** A stage that did not run carries only the common fields; `summary` says why. */
export type SkippedStage = StageLine<StageName, 'skip'>;

export type StageReport = SkippedStage | RanStage;

/** The line of stage `name` when it ran, typed with its evidence; undefined when it was skipped or is absent. */
export function ranStage<N extends StageName>(stages: readonly StageReport[], name: N): RanStage<N> | undefined {
  return stages.find((s): s is RanStage<N> => s.name === name && s.status !== 'skip');
}

/** An address the server named for this machine: on which connection, and where it said so. */
export interface SeenAsEvidence {
  address: string;
  connection: 'check' | 'second' | 'data';
  said: string;
}

/** One more passive data connection of PASV or EPSV, in the words and kinds of the stage's own. */
export interface PassiveAttemptEvidence {
  command: PassiveRequest['command'];
  reply: string;
  advertised: { address?: string | undefined; port: number } | null;
  dataTarget: Endpoint | null;
  data: ConnectResult['kind'] | null;
  transfer: TransferResult['kind'] | null;
  bytes: number | null;
}

/** A posture check of --audit: how it ended (or not-run), the command sent, and the reply or reason in words. */
export interface PostureEvidence<O extends string> {
  outcome: O | 'no-reply' | 'not-run';
  command: string | null;
  detail: string;
}
