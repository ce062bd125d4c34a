// The passive stage: PASV and EPSV asked, the data connection to the port they named, the listing, and
// the two commands tested apart. Data only.
import type { DataChecks } from './data-checks.js';
import type { ConnectResult, Endpoint, HandshakeResult, TransferResult } from './connections.js';
import type { Exchange } from './exchanges.js';

/** How the advertised passive address relates to the control connection's peer. */
export type AddressRelation = 'same' | 'private' | 'loopback' | 'link-local' | 'unspecified' | 'foreign';

export interface PassiveRequest {
  command: 'PASV' | 'EPSV';
  exchange: Exchange;
  /** Parsed from a 227/229 reply; EPSV carries only a port. */
  advertised: { address: string | undefined; port: number } | undefined;
}

export type PassiveObservation =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      ms: number;
      requests: PassiveRequest[];
      /** The request whose answer was used for the data connection; absent when none gave a usable answer. */
      used: PassiveRequest | undefined;
      relation: AddressRelation | undefined;
      /** Always the control peer's address: ftpcheck never follows an address elsewhere. */
      dataTarget: Endpoint | undefined;
      data: ConnectResult | undefined;
      /** The TLS handshake on the data connection, when data is protected (PROT P). */
      dataTls: HandshakeResult | undefined;
      transfer: TransferResult | undefined;
      /**
       * PASV and EPSV tested apart (IPv4): the data connections of the command not used, and of the failing
       * one once more when exactly one of them worked. Absent when they were not tested apart.
       */
      apart?: PassiveAttempt[];
      /** After a listing that worked: the sample download, the upload and MLSD (model/data-checks.ts). */
      dataChecks?: DataChecks;
    };

/**
 * Whether the passive stage's own data connection tells something of its command by itself. Not when
 * PASV named the very port that an EPSV named just before it (servers hand a free port out again): a
 * firewall or NAT helper that opened that port for EPSV's 229 lets PASV's connection through as well.
 */
export function ownAttemptCounts(p: Extract<PassiveObservation, { kind: 'ran' }>): boolean {
  if (p.used?.command !== 'PASV' || !p.dataTarget) return true;
  const { port } = p.dataTarget;
  return !p.requests.some((r) => r.command === 'EPSV' && r.advertised?.port === port);
}

/** One more passive data connection: PASV or EPSV asked again, the connection to its port, the listing. */
export interface PassiveAttempt {
  request: PassiveRequest;
  /** Always the control peer's address with the advertised port; absent when no port was advertised. */
  dataTarget: Endpoint | undefined;
  data: ConnectResult | undefined;
  dataTls: HandshakeResult | undefined;
  transfer: TransferResult | undefined;
}
