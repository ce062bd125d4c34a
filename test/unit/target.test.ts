import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget } from '../../src/settings/target.js';
import { UsageError } from '../../src/settings/usage-error.js';

describe('parseTarget', () => {
  const ok: [string, { host: string; port: number; user?: string; urlPassword?: string; input?: string }][] = [
    ['ftp.example.com', { host: 'ftp.example.com', port: 21 }],
    ['ftp.example.com:2121', { host: 'ftp.example.com', port: 2121 }],
    ['192.0.2.1', { host: '192.0.2.1', port: 21 }],
    ['192.0.2.1:990', { host: '192.0.2.1', port: 990 }],
    ['::1', { host: '::1', port: 21 }],
    ['2001:db8::21', { host: '2001:db8::21', port: 21 }],
    ['[2001:db8::21]', { host: '2001:db8::21', port: 21 }],
    ['[::1]:2121', { host: '::1', port: 2121 }],
    ['ftp://ftp.example.com', { host: 'ftp.example.com', port: 21 }],
    ['ftp://alice@ftp.example.com:2121/pub', { host: 'ftp.example.com', port: 2121, user: 'alice' }],
    [
      'ftp://alice:s3cr%40t@[::1]:21',
      { host: '::1', port: 21, user: 'alice', urlPassword: 's3cr@t', input: 'ftp://alice:****@[::1]:21' },
    ],
  ];
  for (const [input, expected] of ok) {
    it(input, () => {
      const t = parseTarget(input);
      assert.equal(t.host, expected.host);
      assert.equal(t.port, expected.port);
      if (expected.user) assert.equal(t.user, expected.user);
      if (expected.urlPassword) assert.equal(t.urlPassword, expected.urlPassword);
      if (expected.input) assert.equal(t.input, expected.input);
    });
  }

  const bad = [
    '',
    'host:99999',
    'host:0',
    'host:abc',
    '[::1',
    '[::1]:x',
    'fe80::1:21:',
    'http://example.com',
    'bad host',
    'a:b:c',
    'ftp://:21',
    'host:21:22',
    '[192.0.2.1]:21',
  ];
  for (const input of bad) {
    it(`rejects "${input}"`, () => assert.throws(() => parseTarget(input), UsageError));
  }

  it('never keeps a URL password in what it shows', () => {
    assert.equal(parseTarget('ftp://bob:hunter2@example.com').input, 'ftp://bob:****@example.com');
  });
});
