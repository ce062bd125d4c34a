// The address this machine would send from to reach an address: a UDP socket "connected" to it asks
// the kernel's routing table and sends nothing. For a check whose control connection never opened,
// this still says where the check came from (inside a private network, or on a public address).
import { createSocket } from 'node:dgram';
import { isIPv6Address } from '../protocol/ip.js';

/** The local address routing picks for `address`; null when there is no route or it is not an IP. */
export function sourceAddressFor(address: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6Address(address) ? 'udp6' : 'udp4');
    const done = (result: string | null): void => {
      socket.close();
      resolve(result);
    };
    socket.once('error', () => done(null));
    // The port only has to be non-zero; nothing is sent.
    socket.connect(9, address, () => {
      try {
        done(socket.address().address);
      } catch {
        done(null);
      }
    });
  });
}
