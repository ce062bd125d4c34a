// The canned cases of the reflector's codes (issue 12): a rewrite of the address, of the port only, of
// EPRT on IPv6, seen over plain FTP before a TLS round; the nonce changed either way. Silent: the
// command as sent (also when an IPv6 address is written another way), no hex form to compare with.
import type { FindingCode } from '../../src/model/findings.js';
import type { CodeCases } from './finding-cases.js';
import { healthy } from './observations.js';
import { reflected, reflectedTls } from './reflect-observations.js';

type ReflectCode = Extract<FindingCode, 'alg-rewrites-port' | 'data-tampered'>;

const PRIVATE = '192.168.1.2';
const PUBLIC = '203.0.113.9';
const natRewrite = {
  local: PRIVATE,
  peer: PUBLIC,
  announced: { address: PRIVATE, port: 40002 },
  port: { command: 'PORT' as const, text: '203,0,113,9,238,72', parsed: { address: PUBLIC, port: 61000 } },
};
const asSent = {
  local: PRIVATE,
  peer: PUBLIC,
  announced: { address: PRIVATE, port: 40002 },
  port: { command: 'PORT' as const, text: '192,168,1,2,156,66', parsed: { address: PRIVATE, port: 40002 } },
};

export const REFLECT_CASES: Record<ReflectCode, CodeCases> = {
  'alg-rewrites-port': {
    fires: [
      { name: 'a NAT helper puts the public address and another port', build: () => reflected(natRewrite) },
      {
        name: 'only the port changed (a firewall that randomises ports)',
        build: () =>
          reflected({
            ...asSent,
            port: { command: 'PORT', text: '192,168,1,2,156,67', parsed: { address: PRIVATE, port: 40003 } },
          }),
      },
      {
        name: 'EPRT on IPv6 rewritten',
        build: () =>
          reflected({
            local: 'fd00::2',
            peer: '2001:db8::2',
            announced: { address: 'fd00::2', port: 40002 },
            port: { command: 'EPRT', text: '|2|2001:db8::2|40002|', parsed: { address: '2001:db8::2', port: 40002 } },
          }),
      },
      {
        name: '--tls: rewritten over plain FTP, the callback blocked under TLS',
        build: () => reflectedTls(natRewrite, asSent, 'none'),
      },
      {
        name: '--tls: rewritten over plain FTP, the callback still in under TLS',
        build: () => reflectedTls(natRewrite, asSent, 'arrived'),
      },
    ],
    silent: [
      { name: 'PORT arrived as sent', build: () => reflected() },
      { name: 'behind NAT without a helper: PORT as sent', build: () => reflected(asSent) },
      {
        name: 'an IPv6 address written out in full is the same address',
        build: () =>
          reflected({
            local: '2001:db8::2',
            announced: { address: '2001:db8::2', port: 40002 },
            port: {
              command: 'EPRT',
              text: '|2|2001:db8:0:0:0:0:0:2|40002|',
              parsed: { address: '2001:db8:0:0:0:0:0:2', port: 40002 },
            },
          }),
      },
      { name: 'no hex form to compare with', build: () => reflected({ ...natRewrite, announced: null }) },
      { name: '--tls: no rewrite over plain FTP either', build: () => reflectedTls(asSent, asSent, 'none') },
      { name: 'an ordinary check', build: healthy },
    ],
  },
  'data-tampered': {
    fires: [
      {
        name: 'the nonce changed on the active data connection',
        build: () =>
          reflected({}, (o) => {
            if (o.reflect)
              o.reflect.activeNonce = { kind: 'changed', received: 'X123456789abcdef0123456789abcdef\r\n', bytes: 34 };
          }),
      },
      {
        name: 'the nonce changed on the passive data connection',
        build: () =>
          reflected({}, (o) => {
            if (o.reflect) o.reflect.passiveNonce = { kind: 'changed', received: 'Access denied by policy', bytes: 23 };
          }),
      },
    ],
    silent: [
      { name: 'the nonce intact both ways', build: () => reflected() },
      {
        name: 'no data connection: nothing arrived to compare',
        build: () =>
          reflected({}, (o) => {
            if (o.reflect) o.reflect.activeNonce = { kind: 'missing', reason: 'no data connection' };
          }),
      },
      { name: 'an ordinary check', build: healthy },
    ],
  },
};
