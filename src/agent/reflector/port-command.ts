// What the reflector makes of a PORT or EPRT command: what it records for the client to read (the
// argument as it arrived, compared with the hex form announced before and with the control
// connection's source), the reply, and where it will connect back. Pure.
import type { Endpoint } from '../../model/connections.js';
import type { ReflectorPortSeen } from '../../model/reflect.js';
import { classifyAddress, sameAddress } from '../../protocol/address.js';
import type { DataAddress } from '../../protocol/reflect.js';
import { endpointText, SHOWN, show } from './shown.js';

export interface PortJudgement {
  seen: ReflectorPortSeen;
  reply: { code: number; text: string };
  /** Where the next LIST connects back to; absent when the command was refused. */
  connectBack?: { to: Endpoint; family: 4 | 6 };
}

/**
 * Judges one PORT or EPRT. `peer` is the control connection's source; `announced`, what SITE CLIENT
 * said before (null or undefined when nothing readable came).
 */
export function judgePort(
  command: 'PORT' | 'EPRT',
  argument: string,
  parsed: DataAddress | undefined,
  peer: Endpoint,
  announced: Endpoint | null | undefined,
): PortJudgement {
  const matchesPeer = parsed !== undefined && sameAddress(parsed.address, peer.address);
  const matchesAnnounced =
    announced && parsed ? sameAddress(announced.address, parsed.address) && announced.port === parsed.port : null;
  // RFC 2577: never connect to an address the client names. A public address other than the peer's is
  // a bounce attempt and refused; a site-local one (the client's own behind NAT, unrewritten) is
  // answered by connecting back to the peer's address, which is what a NAT router would have to forward.
  const foreign = parsed !== undefined && !matchesPeer && classifyAddress(parsed.address) === 'public';
  const familyOk = parsed !== undefined && (parsed.family === 6) === peer.address.includes(':');
  const code = parsed === undefined ? 501 : foreign ? 500 : !familyOk ? 522 : 200;
  const seen: ReflectorPortSeen = {
    command,
    text: argument.slice(0, SHOWN),
    parsed: parsed ? { address: parsed.address, port: parsed.port } : null,
    matchesAnnounced,
    matchesPeer,
    accepted: code === 200,
    code,
  };
  const received = `${command} "${show(argument)}"`;
  if (!parsed) return { seen, reply: { code: 501, text: `Cannot read ${received}.` } };
  const named = endpointText(parsed);
  if (foreign)
    return {
      seen,
      reply: {
        code: 500,
        text: `Illegal ${command}: ${named} is not your address (${peer.address}); the reflector connects only to you.`,
      },
    };
  if (!familyOk)
    return { seen, reply: { code: 522, text: `${command} names another address family than this connection's.` } };
  const to = { address: peer.address, port: parsed.port };
  const compared =
    matchesAnnounced === null
      ? 'no SITE CLIENT before it'
      : matchesAnnounced
        ? 'as announced'
        : `announced ${announced ? endpointText(announced) : '?'}: rewritten on the way`;
  return {
    seen,
    reply: { code: 200, text: `Received ${received} = ${named} (${compared}); will connect to ${endpointText(to)}.` },
    connectBack: { to, family: parsed.family },
  };
}
