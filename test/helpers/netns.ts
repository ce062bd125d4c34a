// Two network namespaces joined by one veth pair, for tests that need addresses other than loopback
// (an agent on a "public" address, a hostile server beside it) without touching this machine's own
// network: nothing links them to it. Each namespace may have hosts lines of its own (`ip netns exec`
// mounts /etc/netns/NAME/hosts over /etc/hosts for what it runs). Needs root and iproute2.
import { type ChildProcessByStdio, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { deleteNamespace } from '../lab/topology.js';

/** Why namespaces cannot be made here, or false when they can. */
export function netnsUnavailable(): string | false {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'needs iproute2 (ip)';
  }
  return false;
}

export interface NetnsHost {
  ns: string;
  address: string;
}

export interface NetnsPair {
  a: NetnsHost;
  b: NetnsHost;
  /** Sets the hosts lines (`ADDRESS NAME`) that names resolve by inside this namespace. */
  hosts(host: NetnsHost, lines: string[]): void;
  /** Starts a process inside the namespace: stdin ignored, stdout and stderr piped. */
  spawnIn(
    host: NetnsHost,
    command: string,
    args: string[],
    env?: NodeJS.ProcessEnv,
  ): ChildProcessByStdio<null, Readable, Readable>;
  /** Runs a command inside the namespace to its end; its stdout. */
  execIn(host: NetnsHost, command: string, args: string[]): Promise<string>;
  /** Ends what still runs inside, deletes both namespaces and their files. */
  destroy(): void;
}

let counter = 0;

/** Deletes the namespaces this helper made in runs whose process is gone (killed before its cleanup). */
function sweepStale(): void {
  const names = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith('fcp-'));
  for (const name of names) {
    try {
      process.kill(Number(name.split('-')[1]), 0);
    } catch {
      deleteNamespace(name);
    }
  }
}

/** A and B on one /24: `prefix`.5 and `prefix`.66, e.g. prefix "203.0.113". */
export function netnsPair(prefix: string): NetnsPair {
  sweepStale();
  const id = `${process.pid}-${++counter}`;
  const a = { ns: `fcp-${id}-a`, address: `${prefix}.5` };
  const b = { ns: `fcp-${id}-b`, address: `${prefix}.66` };
  const run = (args: string[]): void => {
    execFileSync(args[0] ?? 'true', args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const destroy = (): void => {
    for (const { ns } of [a, b]) deleteNamespace(ns);
  };
  try {
    for (const { ns } of [a, b]) run(['ip', 'netns', 'add', ns]);
    run(['ip', '-n', a.ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', b.ns]);
    for (const { ns, address } of [a, b]) {
      run(['ip', '-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      run(['ip', '-n', ns, 'link', 'set', 'eth0', 'up']);
      run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    }
  } catch (err) {
    destroy();
    throw err;
  }
  return {
    a,
    b,
    hosts: (host, lines) => {
      mkdirSync(`/etc/netns/${host.ns}`, { recursive: true });
      writeFileSync(`/etc/netns/${host.ns}/hosts`, `127.0.0.1 localhost\n${lines.join('\n')}\n`);
    },
    spawnIn: (host, command, args, env = {}) =>
      spawn('ip', ['netns', 'exec', host.ns, command, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    execIn: (host, command, args) =>
      new Promise((resolve, reject) => {
        execFile('ip', ['netns', 'exec', host.ns, command, ...args], { timeout: 60_000 }, (err, stdout) => {
          if (err) reject(new Error(`${command} in ${host.ns}: ${err.message}`));
          else resolve(stdout);
        });
      }),
    destroy,
  };
}
