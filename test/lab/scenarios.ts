// The lab's scenarios, one short entry each: topology, server config, firewall rules, client options,
// and what ftpcheck must conclude. Rules are argument lists for iptables in a host's namespace. The
// core scenarios are here; scenarios-*.ts add those of one area each.
import { BULK_SCENARIOS } from './scenarios-bulk.js';
import { PASSIVE_SCENARIOS } from './scenarios-passive.js';
import { SESSION_SCENARIOS } from './scenarios-sessions.js';
import { TLS_SCENARIOS } from './scenarios-tls.js';
import { FTP_HELPER, ipt, PUBLIC, RANGE, SERVER_TLS, STATEFUL_SERVER_FIREWALL, type Scenario } from './scenario-kit.js';
import { PASSIVE_RANGE, portForward } from './topology.js';

export type { Scenario } from './scenario-kit.js';

const CORE_SCENARIOS: Scenario[] = [
  {
    name: 'healthy server',
    topology: PUBLIC,
    server: {},
    expect: { verdict: 'ok', codes: [], absent: ['active-source-port-not-20'], activeSourcePort: 20 },
  },
  {
    name: 'local user logs in (Debian PAM)',
    topology: PUBLIC,
    server: {},
    client: { labUser: true },
    expect: { verdict: 'ok', codes: [] },
  },
  {
    name: 'control port dropped',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: [ipt('-A', 'FORWARD', '-p', 'tcp', '--dport', '21', '-j', 'DROP')] },
    expect: { verdict: 'failed', codes: ['control-filtered'] },
  },
  {
    name: 'control port rejected with tcp-reset',
    topology: PUBLIC,
    server: {},
    rules: {
      serverRouter: [ipt('-A', 'FORWARD', '-p', 'tcp', '--dport', '21', '-j', 'REJECT', '--reject-with', 'tcp-reset')],
    },
    expect: { verdict: 'failed', codes: ['control-refused'] },
  },
  {
    name: 'control port rejected with icmp-host-prohibited',
    topology: PUBLIC,
    server: {},
    rules: {
      serverRouter: [
        ipt('-A', 'FORWARD', '-p', 'tcp', '--dport', '21', '-j', 'REJECT', '--reject-with', 'icmp-host-prohibited'),
      ],
    },
    expect: { verdict: 'failed', codes: ['control-unreachable'] },
  },
  {
    name: 'nothing listening',
    topology: PUBLIC,
    server: false,
    expect: { verdict: 'failed', codes: ['control-refused'] },
  },
  {
    name: 'name does not resolve (no resolver answers)',
    topology: PUBLIC,
    server: false,
    client: { target: 'ftp.lab.invalid' },
    expect: { verdict: 'failed', codes: ['dns-unresolved'] },
  },
  {
    name: 'wrong password (PAM delays the 530)',
    topology: PUBLIC,
    server: {},
    client: { labUser: true, password: 'not-the-password' },
    expect: { verdict: 'failed', codes: ['login-failed'] },
  },
  {
    name: 'passive range dropped at the server-side firewall',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: [ipt('-A', 'FORWARD', '-p', 'tcp', '--dport', RANGE, '-j', 'DROP')] },
    expect: { verdict: 'degraded', codes: ['pasv-data-filtered'] },
  },
  {
    name: 'server behind NAT advertising its private address',
    topology: { client: 'public', server: 'nat', forwardPassive: true },
    server: {},
    expect: { verdict: 'degraded', codes: ['pasv-private-address'], absent: ['pasv-data-filtered'] },
  },
  {
    name: 'server behind NAT whose passive range is not forwarded',
    topology: { client: 'public', server: 'nat', forwardPassive: false },
    server: { pasv_address: '198.18.0.2' },
    rules: {
      serverRouter: [
        ipt('-P', 'INPUT', 'DROP'),
        ipt('-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
      ],
    },
    expect: { verdict: 'degraded', codes: ['pasv-data-filtered'], absent: ['pasv-private-address'] },
  },
  {
    name: 'stateful firewall with the FTP helper',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: [...STATEFUL_SERVER_FIREWALL, FTP_HELPER] },
    expect: { verdict: 'ok', codes: [] },
  },
  {
    name: 'stateful firewall without the FTP helper',
    topology: PUBLIC,
    server: {},
    rules: { serverRouter: STATEFUL_SERVER_FIREWALL },
    expect: { verdict: 'degraded', codes: ['pasv-data-filtered'] },
  },
  {
    name: 'client firewall blocks inbound connections',
    topology: PUBLIC,
    server: {},
    rules: {
      client: [
        ipt('-P', 'INPUT', 'DROP'),
        ipt('-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'),
        ipt('-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
      ],
    },
    expect: { verdict: 'degraded', codes: ['active-callback-blocked'] },
  },
  {
    name: 'client behind NAT without an FTP-aware router',
    topology: { client: 'nat', server: 'public' },
    server: {},
    expect: { verdict: 'degraded', codes: ['active-port-rejected', 'client-behind-nat'] },
  },
  {
    name: "server's outbound firewall blocks source port 20",
    topology: PUBLIC,
    server: {},
    rules: { server: [ipt('-A', 'OUTPUT', '-p', 'tcp', '--sport', '20', '-j', 'DROP')] },
    expect: { verdict: 'degraded', codes: ['active-callback-blocked'] },
  },
  {
    name: 'active mode disabled on the server',
    topology: PUBLIC,
    server: { port_enable: 'NO' },
    expect: { verdict: 'degraded', codes: ['active-port-rejected'] },
  },
  {
    name: 'passive mode disabled on the server',
    topology: PUBLIC,
    server: { pasv_enable: 'NO' },
    expect: { verdict: 'degraded', codes: ['pasv-rejected'] },
  },
  {
    name: 'FTPS: vsftpd with TLS and required session reuse',
    topology: PUBLIC,
    server: SERVER_TLS,
    tls: true,
    client: { labUser: true },
    expect: { verdict: 'ok', codes: [] },
  },
  {
    name: 'FTPS through a stateful firewall that relies on the FTP helper',
    topology: PUBLIC,
    server: SERVER_TLS,
    tls: true,
    client: { labUser: true },
    rules: { serverRouter: [...STATEFUL_SERVER_FIREWALL, FTP_HELPER] },
    expect: { verdict: 'degraded', codes: ['pasv-data-filtered', 'tls-hides-pasv-from-firewall'] },
  },
  {
    name: 'FTPS: client firewall that lets active callbacks in only through the FTP helper',
    topology: PUBLIC,
    server: SERVER_TLS,
    tls: true,
    client: { labUser: true },
    rules: {
      client: [
        ipt('-t', 'raw', '-A', 'OUTPUT', '-p', 'tcp', '--dport', '21', '-j', 'CT', '--helper', 'ftp'),
        ipt('-P', 'INPUT', 'DROP'),
        ipt('-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'),
        ipt('-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
      ],
    },
    expect: { verdict: 'degraded', codes: ['active-callback-blocked', 'tls-hides-port-from-firewall'] },
  },
  {
    name: "FTPS to a server behind NAT whose router's FTP ALG rewrites plain PASV replies",
    topology: { client: 'public', server: 'nat', forwardPassive: true },
    server: SERVER_TLS,
    tls: true,
    client: { labUser: true },
    rules: { serverRouter: [FTP_HELPER] },
    expect: { verdict: 'degraded', codes: ['alg-rewrites-pasv', 'pasv-private-address'] },
  },
  {
    name: 'half of the passive range dropped, found by the sweep',
    topology: PUBLIC,
    server: {},
    client: { args: ['--sweep-pasv-range', `${PASSIVE_RANGE.min}-${PASSIVE_RANGE.max}`] },
    rules: {
      serverRouter: [
        ipt('-A', 'FORWARD', '-p', 'tcp', '--dport', `${PASSIVE_RANGE.min + 10}:${PASSIVE_RANGE.max}`, '-j', 'DROP'),
      ],
    },
    expect: {
      verdict: 'degraded',
      codes: ['pasv-range-partly-blocked'],
      optional: ['pasv-data-filtered'],
      sweep: `${PASSIVE_RANGE.min}-${PASSIVE_RANGE.min + 9} closed, ${PASSIVE_RANGE.min + 10}-${PASSIVE_RANGE.max} filtered`,
    },
  },
  {
    name: 'dual-stack name whose IPv6 address is rejected on the way: fallback to IPv4',
    topology: {
      client: 'public',
      server: 'public',
      clientIpv6: { hosts: ['2001:db8:2::2 ftp.lab.test', '198.18.2.2 ftp.lab.test'] },
    },
    server: {},
    client: { target: 'ftp.lab.test' },
    rules: { clientRouter: [['ip6tables', '-A', 'FORWARD', '-j', 'REJECT', '--reject-with', 'adm-prohibited']] },
    expect: { verdict: 'ok', codes: ['address-fallback'] },
  },
  {
    name: 'passive range rejected with tcp-reset at the server-side firewall',
    topology: PUBLIC,
    server: {},
    rules: {
      serverRouter: [ipt('-A', 'FORWARD', '-p', 'tcp', '--dport', RANGE, '-j', 'REJECT', '--reject-with', 'tcp-reset')],
    },
    expect: { verdict: 'degraded', codes: ['pasv-data-refused'] },
  },
  {
    name: 'server behind NAT whose passive range is forwarded to the wrong host',
    topology: { client: 'public', server: 'nat', forwardPassive: false },
    server: { pasv_address: '198.18.0.2' },
    rules: {
      serverRouter: [portForward(RANGE, '192.168.2.99')],
    },
    expect: { verdict: 'degraded', codes: ['pasv-data-filtered'] },
  },
  {
    // An admin's coloured banner file, sent by a real server exactly as written.
    name: 'banner file with terminal colour codes',
    topology: PUBLIC,
    server: { banner_file: '{dir}/banner.txt' },
    serverFiles: { 'banner.txt': 'Welcome to the \x1b[1;32mlab\x1b[0m server\n\x1b]0;lab title\x07Be nice.\n' },
    expect: { verdict: 'ok', codes: ['server-sends-control-characters'] },
  },
];

export const SCENARIOS: Scenario[] = [
  ...CORE_SCENARIOS,
  ...TLS_SCENARIOS,
  ...BULK_SCENARIOS,
  ...PASSIVE_SCENARIOS,
  ...SESSION_SCENARIOS,
];
