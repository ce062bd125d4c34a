// What the data checks after a working listing observed, in the mode whose listing worked:
// the sample (a download at full packet size), the opt-in upload, and the MLSD listing read to
// choose the sample. Part of the passive and active observations; data only.
import type { CallbackResult, ConnectResult, HandshakeResult, TransferResult } from './connections.js';
import type { Exchange, Reply, ReplyResult } from './exchanges.js';

/** The size of the upload (--upload): a few full-size packets. */
export const UPLOAD_BYTES = 4 * 1024;

/** A listing smaller than this fits in one packet below any common path MTU: it proves nothing of large packets. */
export const SMALL_LISTING_BYTES = 1400;
/** A listing larger than this filled full-size (1500-byte Ethernet) packets on its way. */
export const FULL_SIZE_SEGMENT_BYTES = 1460;

type Failed<T extends { kind: string }, K extends string> = Exclude<T, { kind: K }>;

/** Why a new data connection for one more transfer could not be used, at the step where it failed. */
export type DataSetupFailure =
  /** PASV/EPSV or PORT/EPRT not answered with a usable reply. */
  | { step: 'request'; exchange: Exchange }
  | { step: 'listen'; error: string }
  | { step: 'connect'; result: Failed<ConnectResult, 'connected'> }
  /** The command was sent; the server answered it (`reply`, e.g. 425) or said nothing, and never connected back. */
  | { step: 'callback'; result: Extract<CallbackResult, { kind: 'none' }>; reply: ReplyResult | undefined }
  | { step: 'tls'; handshake: Failed<HandshakeResult, 'established'>; reply: ReplyResult | undefined };

/** Why ftpcheck stopped reading a download that was still going: the sample is complete. */
export type CutReason = 'size' | 'time';

/** How one more transfer over a new data connection went: the sample download (RETR) or the upload (STOR). */
export type DataTransfer =
  | { kind: 'no-connection'; ms: number; failure: DataSetupFailure }
  /** The server answered the command with an error, before or after data (e.g. 550, 553, 425, 426). */
  | { kind: 'rejected'; ms: number; reply: Reply; bytes: number }
  /**
   * The data went through: the whole file (`cut` undefined) or as much as the sample needs, after
   * which ftpcheck closed the data connection. `final` is the reply that ended the transfer, when one
   * came.
   */
  | { kind: 'done'; ms: number; bytes: number; cut: CutReason | undefined; final: Reply | undefined }
  /**
   * Nothing more for a whole step timeout. `lastByteMs`: when the last byte came, after the command
   * (undefined: none came).
   */
  | {
      kind: 'stalled';
      ms: number;
      bytes: number;
      lastByteMs: number | undefined;
      waitingFor: 'data' | 'final-reply' | 'preliminary-reply';
    }
  | { kind: 'control-failed'; ms: number; bytes: number; result: Failed<ReplyResult, 'reply'> };

/** Whether the control connection could be used after the transfer, or was given up (closed) because it was not in step. */
export type ControlAfter = 'in-sync' | 'abandoned';

/** The file of the sample download and where its name came from. */
export interface SampleFile {
  /** As sent with RETR: a name in the login directory, or the path given with --download. */
  path: string;
  size: number | undefined;
  from: 'LIST' | 'MLSD' | 'option';
}

export type SampleObservation =
  /** No file in the listing is large enough; `largest` is the largest file it showed. */
  | { kind: 'no-file'; listing: 'LIST' | 'MLSD'; files: number; largest: number | undefined }
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      file: SampleFile;
      /** The sample size asked for (--transfer-bytes). */
      limit: number;
      transfer: DataTransfer;
      /** Bytes per second from the command to the last byte; undefined when nothing came. */
      bytesPerSecond: number | undefined;
      /** When the sample was cut: the replies read after ftpcheck closed the data connection, up to the transfer's end. */
      ending: ReplyResult[];
      control: ControlAfter;
    };

export type UploadObservation =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      path: string;
      bytes: number;
      transfer: DataTransfer;
      /** DELE of the uploaded file, when it was stored. */
      remove: Exchange | undefined;
      /**
       * MDTM of the file just stored, and this machine's clock when the server confirmed the upload: the
       * server's clock as the file's time shows it (--expect-file takes its skew into account).
       */
      stamped?: { mdtm: Exchange; localMs: number };
      control: ControlAfter;
    };

/** MLSD of the login directory, read once to choose the sample, when FEAT offers MLST. */
export interface MlsdObservation {
  ms: number;
  failure: DataSetupFailure | undefined;
  transfer: TransferResult | undefined;
  control: ControlAfter;
}

/** What the data checks add to a data mode's observation after its listing worked. */
export interface DataChecks {
  mlsd?: MlsdObservation;
  sample?: SampleObservation;
  upload?: UploadObservation;
}
