// Lab scenarios of one area: PASV and EPSV apart, middleboxes, the server's view of the client, --audit.
import { FTP_HELPER, ipt, PUBLIC, type Scenario, STATEFUL_SERVER_FIREWALL } from './scenario-kit.js';
import { PASSIVE_RANGE } from './topology.js';

/** The client router's source NAT with two public addresses, taken in turn by each new connection. */
const TWO_PUBLIC_ADDRESSES: Scenario['rules'] = {
  clientRouter: [
    ['ip', 'addr', 'add', '198.18.0.3/32', 'dev', 'wan'],
    // Before the topology's MASQUERADE: odd connections leave as .1, even ones as .3 (per-connection load balancing).
    ipt('-t', 'nat', '-I', 'POSTROUTING', '1', '-o', 'wan', '-j', 'SNAT', '--to-source', '198.18.0.3'),
    ipt(
      '-t',
      'nat',
      '-I',
      'POSTROUTING',
      '1',
      '-o',
      'wan',
      '-m',
      'statistic',
      '--mode',
      'nth',
      '--every',
      '2',
      '--packet',
      '0',
      '-j',
      'SNAT',
      '--to-source',
      '198.18.0.1',
    ),
  ],
  transit: [['ip', 'route', 'add', '198.18.0.3', 'dev', 'toclient']],
};

export const PASSIVE_SCENARIOS: Scenario[] = [
  {
    // nf_conntrack_ftp (loose=0, the default) records no expectation for a 227 naming another address than
    // the server's own (192.168.2.2 behind the NAT): PASV's port reaches the router itself, which refuses
    // it. A 229 names no address, so the helper's NAT expects EPSV's port and forwards it to the server.
    name: "server behind NAT relying on the router's FTP helper, pasv_address set: PASV refused, EPSV works",
    topology: { client: 'public', server: 'nat', forwardPassive: false },
    server: { pasv_address: '198.18.0.2' },
    rules: { serverRouter: [FTP_HELPER] },
    expect: {
      verdict: 'degraded',
      codes: ['pasv-epsv-differ'],
      absent: ['pasv-data-refused', 'pasv-private-address'],
    },
  },
  {
    name: "client behind NAT: STAT shows the router's public address",
    topology: { client: 'nat', server: 'public' },
    server: {},
    client: { args: ['--mode', 'passive'] },
    expect: { verdict: 'ok', codes: ['client-public-address', 'client-behind-nat'] },
  },
  {
    name: 'client behind NAT with two public addresses in turn: vsftpd refuses the data connection (425 Bad IP)',
    topology: { client: 'nat', server: 'public' },
    server: {},
    // Which data connection leaves from which address depends on the order of new connections: in one
    // line, always. A loaded machine's first connect can take 5 ms or more, which would open a session
    // beside the check's own and let its connections race the check's for the NAT's turn.
    client: { args: ['--mode', 'passive', '--max-sessions', '1'] },
    rules: TWO_PUBLIC_ADDRESSES,
    expect: {
      verdict: 'degraded',
      codes: ['client-public-address', 'data-transfer-stalled', 'client-behind-nat'],
      absent: ['pasv-epsv-differ'],
    },
  },
  {
    name: 'audit: vsftpd with port_promiscuous=YES accepts PORT to a third party',
    topology: PUBLIC,
    server: { port_promiscuous: 'YES', connect_from_port_20: 'NO' },
    client: { args: ['--audit'] },
    expect: { verdict: 'degraded', codes: ['port-bounce-allowed', 'anonymous-allowed'] },
  },
  {
    // connect_from_port_20 left on: vsftpd may answer the active LIST with "500 OOPS: vsf_sysutil_bind" and end
    // that session, so the bounce check can lose the check's session and is asked again on a fresh one.
    name: 'audit: vsftpd with port_promiscuous=YES, active mode breaking its session first',
    topology: PUBLIC,
    server: { port_promiscuous: 'YES' },
    client: { args: ['--audit'] },
    expect: {
      verdict: 'degraded',
      codes: ['port-bounce-allowed', 'anonymous-allowed'],
      optional: ['active-server-error', 'control-lost'],
    },
  },
  {
    name: 'audit: default vsftpd refuses the bounce PORT (500); anonymous access is only information',
    topology: PUBLIC,
    server: {},
    client: { args: ['--audit'] },
    expect: { verdict: 'ok', codes: ['anonymous-allowed'], absent: ['port-bounce-allowed'] },
  },
  {
    name: 'audit: a local user, and anonymous access on beside it',
    topology: PUBLIC,
    server: {},
    client: { labUser: true, args: ['--audit'] },
    expect: { verdict: 'degraded', codes: ['anonymous-allowed'], absent: ['port-bounce-allowed'] },
  },
  {
    name: 'audit: a local user, anonymous access off (PAM refuses it)',
    topology: PUBLIC,
    server: { anonymous_enable: 'NO' },
    client: { labUser: true, args: ['--audit'] },
    expect: { verdict: 'ok', codes: [], absent: ['anonymous-allowed', 'port-bounce-allowed'] },
  },
  {
    name: 'without --audit: PORT to a third party is never sent',
    topology: PUBLIC,
    server: { port_promiscuous: 'YES', connect_from_port_20: 'NO' },
    expect: { verdict: 'ok', codes: [], absent: ['port-bounce-allowed', 'anonymous-allowed'] },
  },
  {
    name: 'vsftpd with a passive range of three ports, inferred by the sweep',
    topology: PUBLIC,
    server: { pasv_min_port: String(PASSIVE_RANGE.min), pasv_max_port: String(PASSIVE_RANGE.min + 2) },
    client: { args: ['--mode', 'passive', '--sweep-pasv-range', 'auto'] },
    expect: { verdict: 'ok', codes: ['pasv-range-small'] },
  },
  {
    // The kernel's FTP helper reads 229 replies as well as 227: both commands' data ports are opened.
    name: 'stateful firewall with the FTP helper: EPSV tested apart gets through as PASV does',
    topology: PUBLIC,
    server: {},
    client: { args: ['--mode', 'passive'] },
    rules: { serverRouter: [...STATEFUL_SERVER_FIREWALL, FTP_HELPER] },
    expect: { verdict: 'ok', codes: [], absent: ['pasv-epsv-differ'] },
  },
];
