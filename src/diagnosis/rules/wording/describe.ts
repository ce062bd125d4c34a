// Observations in words: one describer per kind of observation, used by the stage lines, the
// connection lines and the findings' evidence, so that one event reads the same everywhere. Each
// returns a phrase (lower case, no full stop) that callers build sentences around. Pure.
import type {
  CallbackResult,
  CertificateInfo,
  ConnectResult,
  DnsObservation,
  GreetingObservation,
  HandshakeResult,
  LegacyTlsObservation,
  OtherService,
  Reply,
  ReplyResult,
  TransferResult,
  ViolationReason,
} from '../../../model/observations.js';
import type { DataSetupFailure, DataTransfer, SampleObservation, UploadObservation } from '../../../model/bulk.js';
import type { PortRun } from '../../../model/report.js';
import { opensslReason } from '../../../protocol/openssl.js';
import { formatReply } from '../../../protocol/reply.js';
import { certificateProblems } from '../../facts/common.js';

/**
 * `long` for stage lines and findings; `short` for connection lines, a narrow column whose endpoints
 * already name the addresses: the same words, less the server's text and the addresses.
 */
export type Form = 'long' | 'short';

export const seconds = (ms: number): string =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;

/** An address and port as one: `198.18.2.2:21`, `[2001:db8::21]:21`; the address alone without a port. */
export function describeEndpoint(e: { address: string; port: number | null }): string {
  if (e.port === null) return e.address;
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** A phrase as the start of a sentence. */
export const sentence = (phrase: string): string => `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;

/** The reply as the server sent it, quoted, cut at 160 characters. */
export function describeReply(reply: Reply): string {
  const text = formatReply(reply);
  return `"${text.length > 160 ? `${text.slice(0, 160)}…` : text}"`;
}

export function describeReplyResult(r: ReplyResult): string {
  switch (r.kind) {
    case 'reply':
      return describeReply(r.reply);
    case 'timeout':
      return `no reply within ${seconds(r.ms)}`;
    case 'closed':
      return 'the server closed the connection';
    case 'reset':
      return 'the connection was reset';
    case 'violation':
      return `the server ${describeViolation(r.reason)}`;
    case 'deadline':
      return "no reply before the run's deadline";
  }
}

/** A command and how its reply wait ended: `PASV: "502 Command not implemented."`. */
export function describeExchange(command: string, result: ReplyResult): string {
  return `${command}: ${describeReplyResult(result)}`;
}

const VIOLATIONS: Record<ViolationReason, string> = {
  'line-too-long': 'sent a line longer than ftpcheck accepts (8 KiB) without ending it',
  'reply-too-large': 'sent a multi-line reply larger than ftpcheck accepts (64 KiB) without ending it',
  'not-a-reply': 'sent text that is not an FTP reply (no three-digit code)',
};

/** What the server did wrong, after "the server": `sent a line longer than …`. */
export function describeViolation(reason: ViolationReason): string {
  return VIOLATIONS[reason];
}

/** How a TCP connection attempt ended. */
export function describeConnect(r: ConnectResult): string {
  switch (r.kind) {
    case 'connected':
      return `connected in ${r.ms} ms`;
    case 'refused':
      return `refused after ${r.ms} ms (TCP reset or ICMP port unreachable)`;
    case 'timeout':
      return `no answer to the SYN within ${seconds(r.ms)}`;
    case 'unreachable':
      return `unreachable after ${r.ms} ms (${r.errno})`;
    case 'error':
      return `failed after ${r.ms} ms (${r.errno})`;
  }
}

const STALLED: Record<Extract<TransferResult, { kind: 'stalled' }>['waitingFor'], string> = {
  data: 'the listing never finished',
  'final-reply': 'the server never confirmed the end of the transfer',
  'preliminary-reply': 'the server never answered LIST',
};

/** How a listing went once its data connection was open. */
export function describeTransfer(t: TransferResult, form: Form = 'long'): string {
  switch (t.kind) {
    case 'complete':
      return `listing received (${t.bytes} bytes${t.truncated ? ', cut at the size limit' : ''})`;
    case 'rejected':
      return `the server answered ${form === 'long' ? describeReply(t.reply) : t.reply.code} (${t.bytes} bytes received)`;
    case 'stalled':
      return `${STALLED[t.waitingFor]} within ${seconds(t.ms)} (${t.bytes} bytes received)`;
    case 'control-failed':
      return `the control connection failed (${describeReplyResult(t.result)})`;
  }
}

/** How waiting for the server's active-mode connection ended. */
export function describeCallback(cb: CallbackResult, form: Form = 'long'): string {
  if (cb.kind === 'none') return `the server did not connect back within ${seconds(cb.ms)}`;
  return form === 'long'
    ? `the server connected back from ${describeEndpoint(cb.from)} in ${cb.ms} ms`
    : `connected back in ${cb.ms} ms`;
}

/** How a TLS handshake ended, after "the handshake" for a failure: `failed after 5 ms: …`. */
export function describeHandshake(h: HandshakeResult): string {
  switch (h.kind) {
    case 'established':
      return `${h.protocol}, ${h.cipher}`;
    case 'failed':
      return `failed after ${h.ms} ms: ${opensslReason(h.error)}${h.code ? ` (${h.code})` : ''}`;
    case 'timeout':
      return `did not finish within ${seconds(h.ms)}${stallDetail(h.received)}`;
  }
}

/** What came back before a handshake's wait ran out, when it was counted. */
function stallDetail(received: number | undefined): string {
  if (received === undefined) return '';
  if (received === 0) return ' (not one byte came back after the ClientHello; the connection stayed open)';
  return ` (${received} bytes came back, then nothing; the connection stayed open)`;
}

/** The certificate's problems, or that it is trusted, and when it expires. */
export function describeCertificate(c: CertificateInfo): string {
  const problems = certificateProblems(c);
  return `certificate ${problems.length ? problems.join(', ') : 'trusted'}, expires ${c.validTo.slice(0, 10)}`;
}

/** How offering only TLS 1.0 and 1.1 went: `TLS 1.0/1.1 refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)`. */
export function describeLegacyTls(l: LegacyTlsObservation): string {
  if (l.kind === 'not-tested') return `TLS 1.0/1.1 not tested: ${l.reason}`;
  const h = l.handshake;
  switch (h.kind) {
    case 'established':
      return `TLS 1.0/1.1 accepted (${h.protocol})`;
    case 'failed':
      return `TLS 1.0/1.1 refused (${h.code ?? h.error})`;
    case 'timeout':
      return `TLS 1.0/1.1 refused (no answer within ${seconds(h.ms)})`;
  }
}

const SERVICE_NAMES: Record<OtherService, string> = {
  ssh: 'an SSH server',
  http: 'a web (HTTP) server',
  smtp: 'a mail (SMTP) server',
  pop3: 'a mail (POP3) server',
  imap: 'a mail (IMAP) server',
  tls: 'a TLS service',
  unknown: 'something that does not speak FTP',
};

/** The kind of server behind another protocol: `a web (HTTP) server`. */
export const describeService = (service: OtherService): string => SERVICE_NAMES[service];

const quoted = (text: string, max: number): string => `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;

/** Another service's first words, quoted and cut at 80 characters. */
export const describeBanner = (banner: string): string => quoted(banner, 80);

/** How waiting for the server's first words ended. */
export function describeGreeting(g: GreetingObservation): string {
  switch (g.kind) {
    case 'greeted':
      return describeReply(g.reply);
    case 'rejected':
      return `refused: ${describeReply(g.reply)}`;
    case 'silent': {
      const partial = g.partial.trim();
      return partial
        ? `only part of a greeting within ${seconds(g.ms)} (${quoted(partial, 80)}), never a complete line`
        : `no greeting within ${seconds(g.ms)}`;
    }
    case 'not-ftp':
      return `answered as ${SERVICE_NAMES[g.service]}: ${describeBanner(g.banner)}`;
    case 'closed': {
      const partial = g.partial.trim();
      return `closed by the server ${g.ms} ms after it opened${partial ? `, having sent only ${quoted(partial, 60)}` : ', without sending anything'}`;
    }
    case 'reset':
      return `reset ${g.ms} ms after it opened, before any greeting`;
    case 'violation':
      return `the server ${describeViolation(g.reason)} before its greeting was complete`;
    case 'deadline':
      return "the run's deadline ran out before a greeting";
  }
}

type Lookup = Exclude<DnsObservation, { kind: 'literal' }>;

/** How looking up the server's name ended. */
export function describeLookup(d: Lookup): string {
  if (d.kind === 'resolved') {
    const list = d.addresses.map((a) => a.address);
    return `${d.chosen.address}${list.length > 1 ? ` (of ${list.join(', ')})` : ''}`;
  }
  switch (d.reason) {
    case 'not-found':
      return `the name does not exist or has no address record (${d.errno})`;
    case 'resolver-unavailable':
      return `no DNS server answered (${d.errno})`;
    case 'timeout':
      return `no answer within ${seconds(d.ms)}`;
    case 'other':
      return `failed with ${d.errno}`;
  }
}

/** The sweep in compact ranges: "50000-50009 closed, 50010-50019 filtered". */
export const describePortRuns = (runs: PortRun[]): string =>
  runs.map((r) => `${r.from === r.to ? r.from : `${r.from}-${r.to}`} ${r.class}`).join(', ');

/**
 * One passive data connection of PASV or EPSV: `EPSV → 198.18.2.2:50003: listing received (129 bytes)`,
 * or how its request or connection ended.
 */
export function describeAttempt(a: {
  request: { command: string; exchange: { result: ReplyResult } };
  dataTarget: { address: string; port: number } | undefined;
  data: ConnectResult | undefined;
  transfer: TransferResult | undefined;
}): string {
  const { command } = a.request;
  if (!a.dataTarget) return `${command}: no port (${describeReplyResult(a.request.exchange.result)})`;
  const head = `${command} → ${describeEndpoint(a.dataTarget)}`;
  if (a.data?.kind !== 'connected') return `${head}: ${a.data ? describeConnect(a.data) : 'not tried'}`;
  return `${head}: ${a.transfer ? describeTransfer(a.transfer) : 'no transfer'}`;
}

// The data checks after a listing (model/bulk.ts): the bulk sample and the upload.

/** Milliseconds below a second, seconds above. */
const shortTime = (ms: number): string => (ms < 1000 ? `${ms} ms` : seconds(ms));

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

/** The bulk sample of one data mode, for its stage line. */
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
