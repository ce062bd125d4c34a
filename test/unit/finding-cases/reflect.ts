// The canned cases of the reflector's codes: a rewrite of the address, of the port only, of
// EPRT on IPv6, seen over plain FTP before a TLS round; the nonce changed either way. Silent: the
// command as sent (also when an IPv6 address is written another way), no hex form to compare with.
import type { FindingCode } from '../../../src/model/findings.js';
import type { CodeCases } from './index.js';
import { healthy } from '../observations.js';
import { reflected, reflectedTls } from '../reflect-observations.js';

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
      {
        name: 'a NAT helper puts the public address and another port',
        findings: ['alg-rewrites-port:warning', 'client-behind-nat:info', 'client-public-address:info'],
        build: () => reflected(natRewrite),
      },
      {
        name: 'only the port changed (a firewall that randomises ports)',
        findings: ['alg-rewrites-port:warning', 'client-behind-nat:info', 'client-public-address:info'],
        build: () =>
          reflected({
            ...asSent,
            port: { command: 'PORT', text: '192,168,1,2,156,67', parsed: { address: PRIVATE, port: 40003 } },
          }),
      },
      {
        name: 'EPRT on IPv6 rewritten',
        findings: ['alg-rewrites-port:warning', 'client-behind-nat:info', 'client-public-address:info'],
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
        findings: [
          'active-callback-blocked:error',
          'alg-rewrites-port:warning',
          'client-behind-nat:info',
          'client-public-address:info',
        ],
        build: () => reflectedTls(natRewrite, asSent, 'none'),
      },
      {
        name: '--tls: rewritten over plain FTP, the callback still in under TLS',
        findings: ['alg-rewrites-port:warning', 'client-behind-nat:info', 'client-public-address:info'],
        build: () => reflectedTls(natRewrite, asSent, 'arrived'),
      },
    ],
    silent: [
      { name: 'PORT arrived as sent', findings: [], build: () => reflected() },
      {
        name: 'behind NAT without a helper: PORT as sent',
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        build: () => reflected(asSent),
      },
      {
        name: 'an IPv6 address written out in full is the same address',
        findings: [],
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
      {
        name: 'no hex form to compare with',
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        build: () => reflected({ ...natRewrite, announced: null }),
      },
      {
        name: '--tls: no rewrite over plain FTP either',
        findings: ['active-callback-blocked:error', 'client-behind-nat:info', 'client-public-address:info'],
        build: () => reflectedTls(asSent, asSent, 'none'),
      },
      { name: 'an ordinary check', findings: [], build: healthy },
    ],
  },
  'data-tampered': {
    fires: [
      {
        name: 'the nonce changed on the active data connection',
        findings: ['data-tampered:error'],
        build: () =>
          reflected({}, (o) => {
            if (o.reflect)
              o.reflect.activeNonce = { kind: 'changed', received: 'X123456789abcdef0123456789abcdef\r\n', bytes: 34 };
          }),
      },
      {
        name: 'the nonce changed on the passive data connection',
        findings: ['data-tampered:error'],
        build: () =>
          reflected({}, (o) => {
            if (o.reflect) o.reflect.passiveNonce = { kind: 'changed', received: 'Access denied by policy', bytes: 23 };
          }),
      },
    ],
    silent: [
      { name: 'the nonce intact both ways', findings: [], build: () => reflected() },
      {
        name: 'no data connection: nothing arrived to compare',
        findings: [],
        build: () =>
          reflected({}, (o) => {
            if (o.reflect) o.reflect.activeNonce = { kind: 'missing', reason: 'no data connection' };
          }),
      },
      { name: 'an ordinary check', findings: [], build: healthy },
    ],
  },
};
