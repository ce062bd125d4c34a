// A real Prometheus (Debian's package) for a test: started on a free loopback port with the test's
// configuration, asked through its HTTP API, stopped with SIGTERM. Tests skip themselves where it is missing.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './loopback.js';

export const PROMETHEUS = '/usr/bin/prometheus';

/** node:test's `skip` option: false where Prometheus is installed, else the reason. */
export const prometheusSkip = (): false | string =>
  existsSync(PROMETHEUS) ? false : 'Prometheus is not installed (apt-get install prometheus)';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

export interface RunningPrometheus {
  query: (promql: string) => Promise<Sample[]>;
  alerts: () => Promise<Alert[]>;
  stop: () => Promise<void>;
}

/** Starts Prometheus with `configFile`, its database in `dir`, and waits (at most 15 s) until it answers. */
export async function startPrometheus(configFile: string, dir: string): Promise<RunningPrometheus> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}/api/v1/${path}`);
    return ((await res.json()) as { data: T }).data;
  };
  const running: RunningPrometheus = {
    query: async (promql) => (await api<{ result: Sample[] }>(`query?query=${encodeURIComponent(promql)}`)).result,
    alerts: async () => (await api<{ alerts: Alert[] }>('alerts')).alerts,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const ready = await until(15_000, async () => ((await fetch(`${base}/-/ready`)).ok ? true : undefined));
  if (!ready) {
    await running.stop();
    throw new Error('Prometheus did not become ready within 15 s');
  }
  return running;
}

/** Polls `probe` every 250 ms until it returns a value, for at most `ms`; errors count as "not yet". */
export async function until<T>(ms: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  return undefined;
}
