// The lab's network: five namespaces joined by veth pairs, none linked to the machine's own network.
//
//   client ── client router ══ transit ══ server router/firewall ── server
//   198.18.1.2  198.18.1.1 | 198.18.0.1   198.18.0.254   198.18.0.2 | 198.18.2.1   198.18.2.2
//   (behind NAT: 192.168.1.2 / .1)                    (behind NAT: 192.168.2.1 / 192.168.2.2)
//
// 198.18.0.0/15 is the benchmarking range (RFC 2544): "public" here, routed only inside the lab. The
// transit namespace plays the internet between the two sites: a router that knows only the public
// networks, so a private address that was not translated goes no further, as on the real internet.
// Its links are point-to-point (/32 addresses with device routes), which keeps each router's public
// address (198.18.0.1, 198.18.0.2) on one shared 198.18.0.0/24 plan.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

export type Side = 'public' | 'nat';
export const HOSTS = ['client', 'clientRouter', 'transit', 'serverRouter', 'server'] as const;
export type Host = (typeof HOSTS)[number];

export interface TopologySpec {
  client: Side;
  server: Side;
  /** With a NATed server: forward the passive range too, not only port 21. */
  forwardPassive?: boolean;
  /** Give the client an IPv6 address and route (2001:db8:1::2 via its router), and these /etc/hosts lines. */
  clientIpv6?: { hosts: string[] };
}

export interface Topology {
  ns: Record<Host, string>;
  /** The address the client checks: the server's own, or its router's public one. */
  target: string;
  serverAddress: string;
  clientAddress: string;
  /** Runs a command in a host's namespace and returns stdout; throws on failure. */
  exec(host: Host, args: string[]): string;
  destroy(): void;
}

export const PASSIVE_RANGE = { min: 50000, max: 50019 };
const PREFIX = 'fcl';
const TRANSIT = '198.18.0.254';
const PUBLIC_RANGE = '198.18.0.0/15';

export function run(args: string[]): string {
  return execFileSync(args[0] ?? 'true', args.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Deletes namespaces that earlier lab runs left behind (their process is gone). */
export function sweepStale(): void {
  const names = run(['ip', 'netns', 'list'])
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`${PREFIX}-`));
  for (const name of names) {
    const pid = Number(name.split('-')[1]);
    let alive: boolean;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) deleteNamespace(name);
  }
}

function deleteNamespace(name: string): void {
  // End whatever still runs in it (vsftpd's per-session processes outlive their listener).
  try {
    for (const pid of run(['ip', 'netns', 'pids', name]).split('\n').filter(Boolean))
      process.kill(Number(pid), 'SIGKILL');
  } catch {
    // Nothing left, or the namespace is already gone.
  }
  try {
    run(['ip', 'netns', 'del', name]);
  } catch {
    // Already gone.
  }
  rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
}

let counter = 0;

export function buildTopology(spec: TopologySpec): Topology {
  const id = `${process.pid}-${++counter}`;
  const ns: Record<Host, string> = {
    client: `${PREFIX}-${id}-c`,
    clientRouter: `${PREFIX}-${id}-cr`,
    transit: `${PREFIX}-${id}-t`,
    serverRouter: `${PREFIX}-${id}-sr`,
    server: `${PREFIX}-${id}-s`,
  };
  const exec = (host: Host, args: string[]): string => run(['ip', 'netns', 'exec', ns[host], ...args]);
  const created: string[] = [];
  const destroy = (): void => {
    for (const name of created) deleteNamespace(name);
  };
  try {
    for (const name of Object.values(ns)) {
      run(['ip', 'netns', 'add', name]);
      created.push(name);
      run(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
    }
    // veth pairs, created directly inside the namespaces: nothing touches the host's own interfaces.
    const link = (a: Host, aIf: string, b: Host, bIf: string): void => {
      run(['ip', 'link', 'add', aIf, 'netns', ns[a], 'type', 'veth', 'peer', 'name', bIf, 'netns', ns[b]]);
      run(['ip', '-n', ns[a], 'link', 'set', aIf, 'up']);
      run(['ip', '-n', ns[b], 'link', 'set', bIf, 'up']);
    };
    const addr = (host: Host, ifname: string, cidr: string): void => {
      run(['ip', '-n', ns[host], 'addr', 'add', cidr, 'dev', ifname]);
    };
    link('client', 'eth0', 'clientRouter', 'lan');
    link('clientRouter', 'wan', 'transit', 'toclient');
    link('transit', 'toserver', 'serverRouter', 'wan');
    link('serverRouter', 'lan', 'server', 'eth0');

    const clientAddress = spec.client === 'nat' ? '192.168.1.2' : '198.18.1.2';
    const clientGateway = spec.client === 'nat' ? '192.168.1.1' : '198.18.1.1';
    addr('client', 'eth0', `${clientAddress}/24`);
    addr('clientRouter', 'lan', `${clientGateway}/24`);
    run(['ip', '-n', ns.client, 'route', 'add', 'default', 'via', clientGateway]);

    // Transit: 198.18.0.254 on both links; each site router reaches it, and the rest of the public
    // range, through its wan link. Only lab prefixes are routed: no namespace has a default route out.
    addr('transit', 'toclient', `${TRANSIT}/32`);
    addr('transit', 'toserver', `${TRANSIT}/32`);
    for (const [router, wan, transitIf] of [
      ['clientRouter', '198.18.0.1', 'toclient'],
      ['serverRouter', '198.18.0.2', 'toserver'],
    ] as const) {
      addr(router, 'wan', `${wan}/32`);
      run(['ip', '-n', ns[router], 'route', 'add', TRANSIT, 'dev', 'wan']);
      run(['ip', '-n', ns[router], 'route', 'add', PUBLIC_RANGE, 'via', TRANSIT, 'dev', 'wan']);
      run(['ip', '-n', ns.transit, 'route', 'add', wan, 'dev', transitIf]);
    }

    const serverAddress = spec.server === 'nat' ? '192.168.2.2' : '198.18.2.2';
    const serverGateway = spec.server === 'nat' ? '192.168.2.1' : '198.18.2.1';
    addr('serverRouter', 'lan', `${serverGateway}/24`);
    addr('server', 'eth0', `${serverAddress}/24`);
    run(['ip', '-n', ns.server, 'route', 'add', 'default', 'via', serverGateway]);

    // The transit knows a site's inside network only when it is public; a NATed site is its router's address.
    if (spec.client === 'public')
      run(['ip', '-n', ns.transit, 'route', 'add', '198.18.1.0/24', 'via', '198.18.0.1', 'dev', 'toclient']);
    if (spec.server === 'public')
      run(['ip', '-n', ns.transit, 'route', 'add', '198.18.2.0/24', 'via', '198.18.0.2', 'dev', 'toserver']);
    for (const router of ['clientRouter', 'transit', 'serverRouter'] as const)
      exec(router, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);

    if (spec.client === 'nat')
      exec('clientRouter', ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE']);
    if (spec.server === 'nat') {
      exec('serverRouter', ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE']);
      exec('serverRouter', [
        'iptables',
        '-t',
        'nat',
        '-A',
        'PREROUTING',
        '-i',
        'wan',
        '-p',
        'tcp',
        '--dport',
        '21',
        '-j',
        'DNAT',
        '--to-destination',
        serverAddress,
      ]);
      if (spec.forwardPassive) {
        exec('serverRouter', [
          'iptables',
          '-t',
          'nat',
          '-A',
          'PREROUTING',
          '-i',
          'wan',
          '-p',
          'tcp',
          '--dport',
          `${PASSIVE_RANGE.min}:${PASSIVE_RANGE.max}`,
          '-j',
          'DNAT',
          '--to-destination',
          serverAddress,
        ]);
      }
    }
    // The client's resolver is the client router, which runs none: lookups fail inside the lab.
    mkdirSync(`/etc/netns/${ns.client}`, { recursive: true });
    writeFileSync(`/etc/netns/${ns.client}/resolv.conf`, `nameserver ${clientGateway}\n`);
    if (spec.clientIpv6) {
      run(['ip', '-n', ns.client, 'addr', 'add', '2001:db8:1::2/64', 'dev', 'eth0', 'nodad']);
      run(['ip', '-n', ns.clientRouter, 'addr', 'add', '2001:db8:1::1/64', 'dev', 'lan', 'nodad']);
      run(['ip', '-n', ns.client, '-6', 'route', 'add', 'default', 'via', '2001:db8:1::1']);
      exec('clientRouter', ['sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
      // ip netns exec mounts this file over /etc/hosts for commands in the client namespace.
      writeFileSync(`/etc/netns/${ns.client}/hosts`, `127.0.0.1 localhost\n${spec.clientIpv6.hosts.join('\n')}\n`);
    }
    return {
      ns,
      target: spec.server === 'nat' ? '198.18.0.2' : serverAddress,
      serverAddress,
      clientAddress,
      exec,
      destroy,
    };
  } catch (err) {
    destroy();
    throw err;
  }
}
