import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress, relateAddress } from '../../src/protocol/address.js';

describe('classifyAddress', () => {
  const cases: [string, string][] = [
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['198.18.2.2', 'public'],
    ['203.0.113.7', 'public'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['2001:db8::1', 'public'],
    ['::ffff:192.168.1.1', 'private'],
    // Every spelling of one address is that address: mapped IPv4 in hex or written out, groups with
    // leading zeros, upper case.
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:c0a8:101', 'private'],
    ['::FFFF:10.0.0.1', 'private'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['0000::0001', 'loopback'],
    ['0::0', 'unspecified'],
    ['FE80:0:0::1', 'link-local'],
    ['FD00:0::1', 'private'],
  ];
  for (const [address, expected] of cases) it(address, () => assert.equal(classifyAddress(address), expected));
});

describe('relateAddress', () => {
  it('same address, also as IPv4-mapped IPv6', () =>
    assert.equal(relateAddress('198.18.2.2', '::ffff:198.18.2.2'), 'same'));
  it('private', () => assert.equal(relateAddress('192.168.1.10', '198.18.2.2'), 'private'));
  it('foreign public', () => assert.equal(relateAddress('198.51.100.7', '198.18.2.2'), 'foreign'));
  it('unspecified', () => assert.equal(relateAddress('0.0.0.0', '198.18.2.2'), 'unspecified'));
  it('same address in any IPv6 spelling', () => {
    assert.equal(relateAddress('198.18.2.2', '::ffff:c612:202'), 'same');
    assert.equal(relateAddress('2001:db8::7', '2001:0DB8:0:0:0:0:0:7'), 'same');
  });
});
