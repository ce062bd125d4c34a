// ftpcheck's own IP literal check agrees with node:net's isIP, which it replaces on the start-up path.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import { ipVersion } from '../../src/protocol/ip.js';

const INPUTS = [
  '127.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '198.18.2.2',
  '1.2.3',
  '1.2.3.4.5',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3.04',
  '1.2.3.4 ',
  ' 1.2.3.4',
  '1..2.3',
  '',
  'localhost',
  'ftp.example.com',
  'example.com:21',
  '1.2.3.4:21',
  '::',
  '::1',
  '::ffff:192.0.2.1',
  '::ffff:1.2.3',
  '2001:db8::21',
  '2001:DB8::21',
  '2001:db8:0:0:0:0:0:21',
  '2001:db8:0:0:0:0:0:0:21',
  '2001:db8::21::1',
  ':::',
  '1::',
  '::1:',
  'fe80::1%eth0',
  'fe80::1%1',
  'fe80::1%',
  'fe80::1%eth0%x',
  '[::1]',
  'g::1',
  '12345::1',
  '2001:db8::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4',
  '::1.2.3.256',
  'abc',
  '1.2.3.4%eth0',
  ':',
  '0:0:0:0:0:0:0:0',
];

describe('ipVersion()', () => {
  for (const input of INPUTS) {
    it(`${JSON.stringify(input)} → ${isIP(input)}, as node:net says`, () => {
      assert.equal(ipVersion(input), isIP(input));
    });
  }
});
