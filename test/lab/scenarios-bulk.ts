// Lab scenarios of one area: bulk transfers: full-size packets on the data path, uploads, and what the
// anonymous login may write. vsftpd's anonymous tree has a 1 MiB file (vsftpd.ts), so every scenario
// where a data mode works also downloads the sample (and cuts it at 256 KiB).
import { ipt, PUBLIC, RANGE, type Scenario, SERVER_TLS } from './scenario-kit.js';

/** Drops packets of 1000 bytes and more on the data ports, in the directions given; small ones pass. */
function dropLargeData(directions: ('--sport' | '--dport')[]): string[][] {
  return directions.flatMap((direction) =>
    [RANGE, '20'].map((ports) =>
      ipt('-A', 'FORWARD', '-p', 'tcp', direction, ports, '-m', 'length', '--length', '1000:65535', '-j', 'DROP'),
    ),
  );
}

/** The link between the client's router and the internet carries 1400 bytes; the internet drops ICMP "too big". */
const SMALL_CLIENT_LINK: Scenario['rules'] = {
  clientRouter: [['ip', 'link', 'set', 'wan', 'mtu', '1400']],
  transit: [
    ['ip', 'link', 'set', 'toclient', 'mtu', '1400'],
    ipt('-A', 'OUTPUT', '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP'),
  ],
};

/** vsftpd with anonymous uploads (into its 0777 upload directory) and deletes of what was uploaded. */
const ANONYMOUS_UPLOADS = { write_enable: 'YES', anon_upload_enable: 'YES', anon_other_write_enable: 'YES' };

export const BULK_SCENARIOS: Scenario[] = [
  {
    // An MTU black hole as a client meets it: the control connection and the small listing pass, every
    // full-size data packet is lost (a tunnel or PPPoE link whose ICMP "fragmentation needed" is blocked).
    name: 'bulk: the data ports drop packets of 1000 bytes and more',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: dropLargeData(['--sport', '--dport']) },
    expect: { verdict: 'failed', codes: ['data-transfer-stalled'] },
  },
  {
    // The classic PMTUD black hole: the client's link (PPPoE, a VPN) carries 1400-byte packets at most, and
    // the ICMP "fragmentation needed" that would tell the server is dropped on the way.
    name: 'bulk: PMTUD black hole: a 1400-byte link at the client, ICMP "fragmentation needed" dropped',
    topology: PUBLIC,
    server: {},
    rules: SMALL_CLIENT_LINK,
    expect: { verdict: 'failed', codes: ['data-transfer-stalled'] },
  },
  {
    // The usual fix: the client's router clamps the TCP MSS of every connection through its small link.
    name: "bulk: the same PMTUD black hole behind an MSS clamp on the client's router",
    topology: PUBLIC,
    server: {},
    rules: {
      ...SMALL_CLIENT_LINK,
      clientRouter: [
        ...(SMALL_CLIENT_LINK.clientRouter ?? []),
        ipt(
          '-t',
          'mangle',
          '-A',
          'FORWARD',
          '-o',
          'wan',
          '-p',
          'tcp',
          '--tcp-flags',
          'SYN,RST',
          'SYN',
          '-j',
          'TCPMSS',
          '--clamp-mss-to-pmtu',
        ),
      ],
    },
    expect: { verdict: 'ok', codes: [], absent: ['data-transfer-stalled'] },
  },
  {
    name: 'bulk: anonymous uploads into a world-writable directory (--audit --upload)',
    topology: PUBLIC,
    server: ANONYMOUS_UPLOADS,
    client: { args: ['--audit', '--upload'] },
    expect: { verdict: 'degraded', codes: ['anonymous-writable'], absent: ['data-transfer-stalled'] },
  },
  {
    // Downloads pass, uploads lose their full-size packets: the path drops large packets towards the server only.
    name: 'bulk: only uploads lose full-size packets (--upload)',
    topology: PUBLIC,
    server: ANONYMOUS_UPLOADS,
    client: { args: ['--upload'] },
    rules: { serverRouter: dropLargeData(['--dport']) },
    expect: { verdict: 'failed', codes: ['data-transfer-stalled'] },
  },
  {
    // The sample over protected data connections that must resume the control connection's TLS session.
    name: 'bulk: anonymous FTPS, the sample over protected data connections',
    topology: PUBLIC,
    server: SERVER_TLS,
    tls: true,
    expect: { verdict: 'ok', codes: [] },
  },
  {
    // --expect-file on vsftpd (MDTM, SIZE and CWD; no MLST): its 1 MiB sample against a 2 MiB minimum, a
    // directory and a file that does not exist; --upload's MDTM shows the server's clock.
    name: 'files: --expect-file on vsftpd: too small, a directory, missing (--upload for the clock)',
    topology: PUBLIC,
    server: ANONYMOUS_UPLOADS,
    client: {
      args: [
        '--upload',
        ...['sample.bin', 'pub', 'no such file.txt'].flatMap((path) => ['--expect-file', path]),
        '--max-age',
        '1h',
        '--min-size',
        '2M',
      ],
    },
    expect: { verdict: 'failed', codes: ['file-missing', 'file-too-small'], absent: ['file-stale'] },
  },
];
