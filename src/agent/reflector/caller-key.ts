// Whom a limit counts: one key per caller. An IPv4 address is one caller; an IPv6 caller usually holds
// a whole /64 (one subnet, its host part chosen freely), so its key is that prefix — otherwise one host
// could take a fresh address for every session or nonce and be a thousand callers.
import { addressBytes, addressOfBytes } from '../../protocol/address.js';

export function callerKey(address: string): string {
  const bytes = addressBytes(address);
  if (bytes === undefined) return address.toLowerCase();
  if (bytes.length === 4) return bytes.join('.');
  // An IPv4-mapped address was unwrapped above; anything else keeps its first 64 bits.
  const prefix = addressOfBytes([...bytes.slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0]) ?? address;
  return `${prefix}/64`;
}
