// The data checks after a listing (model/data-checks.ts) in words: the sample download and the upload.
import type {
  DataSetupFailure,
  DataTransfer,
  SampleObservation,
  UploadObservation,
} from '../../../model/data-checks.js';
import { describeCallback, describeConnect } from './connections.js';
import { seconds, shortTime } from './phrases.js';
import { describeExchange, describeReply, describeReplyResult } from './replies.js';
import { describeHandshake } from './tls.js';

/** A rate in bytes per second, in decimal units: `12.5 MB/s`, `830 kB/s`. */
export function describeRate(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1e9) return `${(bytesPerSecond / 1e9).toFixed(1)} GB/s`;
  if (bytesPerSecond >= 1e6) return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
  if (bytesPerSecond >= 1e3) return `${Math.round(bytesPerSecond / 1e3)} kB/s`;
  return `${bytesPerSecond} B/s`;
}

/** A size in bytes, with KiB or MiB beside it when that is easier to read. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${bytes} bytes (${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB)`;
  if (bytes >= 1024) return `${bytes} bytes (${Math.round(bytes / 1024)} KiB)`;
  return `${bytes} bytes`;
}

/** Why a new data connection for one more transfer could not be used. */
export function describeSetupFailure(f: DataSetupFailure): string {
  switch (f.step) {
    case 'request':
      return describeExchange(f.exchange.command, f.exchange.result);
    case 'listen':
      return `ftpcheck could not listen for the server's connection (${f.error})`;
    case 'connect':
      return `the data connection was ${describeConnect(f.result)}`;
    case 'callback':
      return `${describeCallback(f.result)}${f.reply ? ` (${describeReplyResult(f.reply)})` : ''}`;
    case 'tls':
      return `the TLS handshake on the data connection ${describeHandshake(f.handshake)}${f.reply ? ` (${describeReplyResult(f.reply)})` : ''}`;
  }
}

type Waiting = Extract<DataTransfer, { kind: 'stalled' }>['waitingFor'];

/** A stall that was not waiting for data, by direction: the server's reply never came. */
const NOT_CONFIRMED: Record<'download' | 'upload', Record<Exclude<Waiting, 'data'>, string>> = {
  download: {
    'final-reply': 'came, but the server never confirmed the end of the transfer',
    'preliminary-reply': 'was never answered',
  },
  upload: {
    'final-reply': 'was sent, but the server never confirmed it',
    'preliminary-reply': 'was never answered',
  },
};

/**
 * How one more transfer went: `what` names it (`the download of big.bin`, `the upload of x.tmp`).
 * A stall says how many bytes came before it and when the last one came.
 */
export function describeDataTransfer(
  t: DataTransfer,
  what: string,
  direction: 'download' | 'upload' = 'download',
): string {
  switch (t.kind) {
    case 'no-connection':
      return `${what} got no data connection: ${describeSetupFailure(t.failure)}`;
    case 'rejected':
      return `${what} was answered ${describeReply(t.reply)}${t.bytes > 0 ? ` after ${describeBytes(t.bytes)}` : ''}`;
    case 'done':
      return `${what}: ${describeBytes(t.bytes)}${t.cut === 'size' ? ', as much as asked' : t.cut === 'time' ? ' before the time limit' : ''}`;
    case 'stalled': {
      if (t.waitingFor !== 'data') return `${what} ${NOT_CONFIRMED[direction][t.waitingFor]} within ${seconds(t.ms)}`;
      const before =
        t.lastByteMs === undefined || t.bytes === 0
          ? 'no data arrived'
          : `${describeBytes(t.bytes)} arrived in the first ${shortTime(t.lastByteMs)}, then nothing`;
      return `${what} stalled: ${before} for ${seconds(t.ms - (t.lastByteMs ?? 0))}`;
    }
    case 'control-failed':
      return `the control connection failed during ${what} (${describeReplyResult(t.result)})`;
  }
}

/** The sample download of one data mode, for its stage line. */
export function describeSample(s: SampleObservation): string {
  switch (s.kind) {
    case 'no-file':
      return `bulk transfer not tested: no file of at least 64 KiB in the ${s.listing} listing (${s.files} ${s.files === 1 ? 'file' : 'files'}${s.largest === undefined ? '' : `, the largest ${describeBytes(s.largest)}`}; name one with --download)`;
    case 'not-run':
      return `bulk transfer not tested: ${s.reason}`;
    case 'ran': {
      const t = s.transfer;
      if (t.kind !== 'done') return describeDataTransfer(t, `the download of ${s.file.path}`);
      const whole = t.cut === undefined ? ', the whole file' : '';
      const rate = s.bytesPerSecond === undefined ? '' : `, ${describeRate(s.bytesPerSecond)}`;
      return `${describeDataTransfer(t, `downloaded ${s.file.path}`)}${whole} in ${shortTime(t.ms)}${rate}`;
    }
  }
}

/** The upload of one data mode, for its stage line. */
export function describeUpload(u: UploadObservation): string {
  if (u.kind === 'not-run') return `upload not tested: ${u.reason}`;
  const text = describeDataTransfer(u.transfer, `the upload of ${u.path}`, 'upload');
  if (u.transfer.kind !== 'done' || !u.remove) return text;
  const r = u.remove.result;
  return r.kind === 'reply' && r.reply.code < 300
    ? `${text}, stored and deleted again`
    : `${text}, stored; DELE: ${describeReplyResult(r)}, so the file stays`;
}
