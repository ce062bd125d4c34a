// A listen address as --listen takes it: ADDRESS:PORT or [IPv6]:PORT. Pure.
import { UsageError } from '../settings/usage-error.js';

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const host = m?.[1] ?? m?.[2];
  if (!host || !m?.[3]) throw new UsageError(`invalid --listen "${listen}": write ADDRESS:PORT, e.g. 127.0.0.1:9821`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`invalid --listen "${listen}": port above 65535`);
  return { host, port };
}
