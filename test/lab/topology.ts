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
//
// On request, two additions (off by default, so other scenarios keep the plain network above):
// - lanPeer: a sixth namespace on the server's LAN (.3 of it), beside the server on a bridge in the
//   server router, as a workstation in the server's office is;
// - ipv6: IPv6 end to end without NAT: 2001:db8:1::/64 on the client's LAN, 2001:db8:2::/64 on the
//   server's, and a /64 on each transit link (2001:db8:ff01::/64, 2001:db8:ff02::/64), all routed.
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
  /** A host beside the server on its LAN (a bridge in the server router): Topology.lanPeer. */
  lanPeer?: boolean;
  /** IPv6 on every host and link, routed end to end (no NAT): see V6. */
  ipv6?: boolean;
}

/** The IPv6 addresses of `ipv6: true` (and the client's of clientIpv6). */
export const V6 = {
  client: '2001:db8:1::2',
  clientRouter: '2001:db8:1::1',
  server: '2001:db8:2::2',
  serverRouter: '2001:db8:2::1',
  lanPeer: '2001:db8:2::3',
} as const;

export interface Topology {
  ns: Record<Host, string>;
  /** The address the client checks: the server's own, or its router's public one. */
  target: string;
  serverAddress: string;
  clientAddress: string;
  /** With spec.lanPeer: the namespace beside the server on its LAN, and its IPv4 address. */
  lanPeer?: { ns: string; address: string };
  /** Runs a command in a host's namespace and returns stdout; throws on failure. */
  exec(host: Host, args: string[]): string;
  destroy(): void;
}

export const PASSIVE_RANGE = { min: 50000, max: 50019 };

/** A router's port forward: TCP to `ports` ("21", "min:max") arriving on its wan side goes to `to`. */
export function portForward(ports: string, to: string): string[] {
  return [
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
    ports,
    '-j',
    'DNAT',
    '--to-destination',
    to,
  ];
}
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

export function deleteNamespace(name: string): void {
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
    // With a LAN peer the server router's LAN side is a bridge of two ports, its address on the bridge.
    const serverLan = spec.lanPeer ? 'br0' : 'lan';
    let lanPeerNs: string | undefined;
    if (spec.lanPeer) {
      lanPeerNs = `${PREFIX}-${id}-p`;
      run(['ip', 'netns', 'add', lanPeerNs]);
      created.push(lanPeerNs);
      run(['ip', '-n', lanPeerNs, 'link', 'set', 'lo', 'up']);
      run([
        'ip',
        'link',
        'add',
        'lan2',
        'netns',
        ns.serverRouter,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        lanPeerNs,
      ]);
      run(['ip', '-n', ns.serverRouter, 'link', 'add', 'br0', 'type', 'bridge']);
      for (const port of ['lan', 'lan2'])
        run(['ip', '-n', ns.serverRouter, 'link', 'set', port, 'master', 'br0', 'up']);
      run(['ip', '-n', ns.serverRouter, 'link', 'set', 'br0', 'up']);
      run(['ip', '-n', lanPeerNs, 'link', 'set', 'eth0', 'up']);
    }

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
    addr('serverRouter', serverLan, `${serverGateway}/24`);
    addr('server', 'eth0', `${serverAddress}/24`);
    run(['ip', '-n', ns.server, 'route', 'add', 'default', 'via', serverGateway]);
    const lanPeerAddress = serverAddress.replace(/\.2$/, '.3');
    if (lanPeerNs) {
      run(['ip', '-n', lanPeerNs, 'addr', 'add', `${lanPeerAddress}/24`, 'dev', 'eth0']);
      run(['ip', '-n', lanPeerNs, 'route', 'add', 'default', 'via', serverGateway]);
      // Like the client's: a resolver that runs nothing, so only /etc/hosts lines (if any) answer.
      mkdirSync(`/etc/netns/${lanPeerNs}`, { recursive: true });
      writeFileSync(`/etc/netns/${lanPeerNs}/resolv.conf`, `nameserver ${serverGateway}\n`);
    }

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
      exec('serverRouter', portForward('21', serverAddress));
      if (spec.forwardPassive) {
        exec('serverRouter', portForward(`${PASSIVE_RANGE.min}:${PASSIVE_RANGE.max}`, serverAddress));
      }
    }
    // The client's resolver is the client router, which runs none: lookups fail inside the lab.
    mkdirSync(`/etc/netns/${ns.client}`, { recursive: true });
    writeFileSync(`/etc/netns/${ns.client}/resolv.conf`, `nameserver ${clientGateway}\n`);
    if (spec.clientIpv6 || spec.ipv6) {
      run(['ip', '-n', ns.client, 'addr', 'add', `${V6.client}/64`, 'dev', 'eth0', 'nodad']);
      run(['ip', '-n', ns.clientRouter, 'addr', 'add', `${V6.clientRouter}/64`, 'dev', 'lan', 'nodad']);
      run(['ip', '-n', ns.client, '-6', 'route', 'add', 'default', 'via', V6.clientRouter]);
      exec('clientRouter', ['sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
    }
    if (spec.clientIpv6) {
      // ip netns exec mounts this file over /etc/hosts for commands in the client namespace.
      writeFileSync(`/etc/netns/${ns.client}/hosts`, `127.0.0.1 localhost\n${spec.clientIpv6.hosts.join('\n')}\n`);
    }
    if (spec.ipv6) routeIpv6(ns, serverLan, lanPeerNs);
    return {
      ns,
      target: spec.server === 'nat' ? '198.18.0.2' : serverAddress,
      serverAddress,
      clientAddress,
      ...(lanPeerNs ? { lanPeer: { ns: lanPeerNs, address: lanPeerAddress } } : {}),
      exec,
      destroy,
    };
  } catch (err) {
    destroy();
    throw err;
  }
}

/** The rest of `ipv6: true` beyond the client's LAN: the transit links, the server's LAN, the routes. */
function routeIpv6(ns: Record<Host, string>, serverLan: string, lanPeerNs: string | undefined): void {
  const add = (name: string, ifname: string, address: string): void => {
    run(['ip', '-n', name, 'addr', 'add', `${address}/64`, 'dev', ifname, 'nodad']);
  };
  const route = (name: string, prefix: string, via: string): void => {
    run(['ip', '-n', name, '-6', 'route', 'add', prefix, 'via', via]);
  };
  add(ns.clientRouter, 'wan', '2001:db8:ff01::1');
  add(ns.transit, 'toclient', '2001:db8:ff01::fe');
  add(ns.transit, 'toserver', '2001:db8:ff02::fe');
  add(ns.serverRouter, 'wan', '2001:db8:ff02::1');
  add(ns.serverRouter, serverLan, V6.serverRouter);
  add(ns.server, 'eth0', V6.server);
  route(ns.clientRouter, 'default', '2001:db8:ff01::fe');
  route(ns.transit, '2001:db8:1::/64', '2001:db8:ff01::1');
  route(ns.transit, '2001:db8:2::/64', '2001:db8:ff02::1');
  route(ns.serverRouter, 'default', '2001:db8:ff02::fe');
  route(ns.server, 'default', V6.serverRouter);
  if (lanPeerNs) {
    add(lanPeerNs, 'eth0', V6.lanPeer);
    route(lanPeerNs, 'default', V6.serverRouter);
  }
  for (const router of [ns.transit, ns.serverRouter])
    run(['ip', 'netns', 'exec', router, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
}
