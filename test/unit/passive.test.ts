import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeEprt, encodePort, parseEpsv, parsePasv } from '../../src/protocol/passive.js';

describe('parsePasv', () => {
  const cases: [string, { address: string; port: number } | undefined][] = [
    ['Entering Passive Mode (192,168,1,10,195,80).', { address: '192.168.1.10', port: 50000 }],
    ['Entering Passive Mode 10,0,0,1,4,1', { address: '10.0.0.1', port: 1025 }],
    ['=127,0,0,1,200,10', { address: '127.0.0.1', port: 51210 }],
    ['Entering Passive Mode (10, 0, 0, 1, 4, 5)', { address: '10.0.0.1', port: 1029 }],
    ['PASV OK (127,0,0,1,4,0)', { address: '127.0.0.1', port: 1024 }],
    ['Entering Passive Mode (300,0,0,1,4,5)', undefined],
    ['Entering Passive Mode (10,0,0,1,0,0)', undefined],
    ['Entering Passive Mode', undefined],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(parsePasv(text), expected));
});

describe('parseEpsv', () => {
  const cases: [string, number | undefined][] = [
    ['Entering Extended Passive Mode (|||6446|)', 6446],
    ['EPSV OK (|||50001|)', 50001],
    ['Entering Extended Passive Mode (!!!1024!)', 1024],
    ['Entering Extended Passive Mode (|||70000|)', undefined],
    ['Entering Extended Passive Mode (|1|1.2.3.4|5|)', undefined],
    ['no port here', undefined],
  ];
  for (const [text, expected] of cases) it(text, () => assert.equal(parseEpsv(text), expected));
});

describe('PORT and EPRT', () => {
  it('encodes PORT', () => assert.equal(encodePort('192.168.1.2', 50000), 'PORT 192,168,1,2,195,80'));
  it('encodes EPRT for IPv6', () => assert.equal(encodeEprt('::1', 6, 2121), 'EPRT |2|::1|2121|'));
  it('encodes EPRT for IPv4', () => assert.equal(encodeEprt('10.0.0.1', 4, 21), 'EPRT |1|10.0.0.1|21|'));
});
