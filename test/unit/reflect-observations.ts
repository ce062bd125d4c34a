// Canned runs of `ftpcheck reflect`: the healthy run of observations.ts as a session with the reflector,
// with what the reflector saw (its view) and how the nonce arrived.
import type { Endpoint } from '../../src/model/connections.js';
import type { Observations } from '../../src/model/observations.js';
import type { ReflectorPortSeen, ReflectorView } from '../../src/model/reflect.js';
import { sameAddress } from '../../src/protocol/address.js';
import { CLIENT, connected, edited, healthy, SERVER } from './observations.js';

export const NONCE = '0123456789abcdef0123456789abcdef';

export interface Reflected {
  /** This machine's own address on the control connection. */
  local?: string;
  /** The control connection's source as the reflector saw it. */
  peer?: string;
  /** What SITE CLIENT announced; null: no hex form. */
  announced?: Endpoint | null;
  /** The PORT/EPRT argument as it arrived, and what it names. */
  port?: { command: 'PORT' | 'EPRT'; text: string; parsed: Endpoint };
}

export function viewOf(r: Reflected = {}): ReflectorView {
  const local = r.local ?? CLIENT;
  const peer = r.peer ?? local;
  const announced = r.announced === undefined ? { address: local, port: 40002 } : r.announced;
  const port = r.port ?? { command: 'PORT', text: '198,18,1,2,156,66', parsed: { address: local, port: 40002 } };
  const seen: ReflectorPortSeen = {
    ...port,
    matchesAnnounced: announced
      ? sameAddress(announced.address, port.parsed.address) && announced.port === port.parsed.port
      : null,
    matchesPeer: sameAddress(port.parsed.address, peer),
    accepted: true,
    code: 200,
  };
  return {
    peer: { address: peer, port: 51000 },
    local: { address: SERVER, port: 2121 },
    tls: false,
    announced: announced && { text: 'c0a80102', parsed: announced },
    ports: [seen],
    callbacks: [
      {
        to: { address: peer, port: port.parsed.port },
        from: { address: SERVER, port: 20 },
        notFromPort20: null,
        outcome: 'connected',
        sent: true,
      },
    ],
    passive: [{ command: 'PASV', port: 50002, from: { address: peer, port: 40001 }, sent: true }],
  };
}

/** The healthy run as a reflect session: the nonce intact both ways, the reflector's view as given. */
export function reflected(r: Reflected = {}, edit: (o: Observations) => void = () => undefined): Observations {
  return edited((o) => {
    o.target = { host: SERVER, port: 2121, user: 'anonymous' };
    o.connect = connected(r.local ?? CLIENT, SERVER);
    o.reflect = {
      api: `http://${SERVER}:9821`,
      announced: r.announced ?? { address: r.local ?? CLIENT, port: 40002 },
      announceExchange: undefined,
      activeNonce: { kind: 'intact' },
      passiveNonce: { kind: 'intact' },
      view: { kind: 'seen', view: viewOf(r) },
    };
    edit(o);
  }, healthy);
}

/** A --tls reflect run: the plain round's view as `plain`, the TLS round's as `tls`. */
export function reflectedTls(plain: Reflected, tls: Reflected, callback: 'arrived' | 'none'): Observations {
  return reflected(tls, (o) => {
    o.tlsRequest = { mode: 'explicit', strict: false };
    if (o.reflect) o.reflect.plainView = { kind: 'seen', view: viewOf(plain) };
    if (o.active?.kind === 'ran' && callback === 'none') {
      o.active.callback = { kind: 'none', ms: 5000 };
      o.active.transfer = undefined;
    }
  });
}
