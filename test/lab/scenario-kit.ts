// What a lab scenario is, and the building blocks scenarios share: iptables rules, topologies, the
// TLS settings of the lab's vsftpd. The scenarios themselves are in scenarios*.ts.
import type { Verdict } from '../../src/model/report.js';
import { PASSIVE_RANGE, type Host, type TopologySpec } from './topology.js';

export interface Scenario {
  name: string;
  topology: TopologySpec;
  /** vsftpd settings over the lab's defaults; `false`: no server runs at all. */
  server: Record<string, string> | false;
  /** Explicit FTPS: the server gets a certificate for its address and the client --tls --ca. */
  tls?: boolean;
  /**
   * The server's certificate (cert.pem, key.pem in its folder), with or without `tls`: `good` (a year),
   * or `expiring` (signed by the same CA for the same address, ending 3 days after it was made).
   */
  certificate?: 'good' | 'expiring';
  /** Files for the server's folder, which settings name as {dir}/NAME (e.g. a banner_file). */
  serverFiles?: Record<string, string>;
  rules?: Partial<Record<Host, string[][]>>;
  client?: { args?: string[]; labUser?: boolean; password?: string; target?: string };
  expect: {
    verdict: Verdict;
    codes: string[];
    absent?: string[];
    /** Codes that may appear or not (e.g. when the server picks a passive port at random). */
    optional?: string[];
    /** The sweep's compact summary, with --sweep-pasv-range. */
    sweep?: string;
    /** The port the server's active callback must come from (vsftpd: 20). */
    activeSourcePort?: number;
  };
}

export const RANGE = `${PASSIVE_RANGE.min}:${PASSIVE_RANGE.max}`;
export const ipt = (...args: string[]): string[] => ['iptables', ...args];

/** The kernel's FTP helper on `port`: it reads the control connection and opens the data connections it announces. */
export const ftpHelperOn = (port: string): string[] =>
  ipt('-t', 'raw', '-A', 'PREROUTING', '-p', 'tcp', '--dport', port, '-j', 'CT', '--helper', 'ftp');

/** The FTP helper on port 21, as routers run it. */
export const FTP_HELPER = ftpHelperOn('21');

/** A stateful server-side firewall: drop by default, allow new connections to port 21 and the server's own. */
export const STATEFUL_SERVER_FIREWALL = [
  ipt('-P', 'FORWARD', 'DROP'),
  ipt('-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
  ipt(
    '-A',
    'FORWARD',
    '-i',
    'wan',
    '-p',
    'tcp',
    '--dport',
    '21',
    '-m',
    'conntrack',
    '--ctstate',
    'NEW',
    '-j',
    'ACCEPT',
  ),
  ipt('-A', 'FORWARD', '-i', 'lan', '-j', 'ACCEPT'),
];

export const PUBLIC: TopologySpec = { client: 'public', server: 'public' };
export const SERVER_TLS = {
  ssl_enable: 'YES',
  allow_anon_ssl: 'YES',
  rsa_cert_file: '{dir}/cert.pem',
  rsa_private_key_file: '{dir}/key.pem',
};
