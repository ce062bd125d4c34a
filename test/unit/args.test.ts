// The fast argument path must agree with yargs wherever it answers, and leave the rest to yargs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yargs from 'yargs';
import { parseArgs } from '../../src/cli/args.js';
import { fastCheckArgs } from '../../src/cli/fast-args.js';
import { UsageError } from '../../src/settings/usage-error.js';

const viaYargs = (argv: string[]) => parseArgs(yargs, argv, '0.0.0-test', 100);

describe('command line', () => {
  const answered: string[][] = [
    ['ftp.example.com'],
    ['192.0.2.1:2121', '--json'],
    ['host', '--port', '2121', '--user', 'alice', '--mode', 'passive', '--timeout', '3'],
    ['host', '-p', '2121', '-u', 'bob', '-m', 'active', '-t', '2', '-v'],
    ['host', '--timeout=2.5', '--deadline=30'],
    ['host', '--no-color', '--json'],
    ['host', '-4'],
    ['host', '-6', '--verbose'],
    ['host', '--tls', '--ca', '/tmp/ca.pem', '--no-plain-fallback'],
    ['host', '--tls-strict'],
    ['--json', 'host', '--password-stdin'],
    ['ftps://host:990', '--json'],
    ['host', 'other', '--jsonl', '--concurrency', '8'],
    ['host', '--format', 'nagios'],
    ['127.0.0.1', '2121'],
    ['::1', '2121', '--json'],
  ];
  for (const argv of answered) {
    it(`agrees with yargs: ${argv.join(' ')}`, () => {
      const fast = fastCheckArgs(argv);
      assert.ok(fast, 'the fast path answers');
      assert.deepEqual(fast, viaYargs(argv));
    });
  }

  const leftToYargs: string[][] = [
    ['--help'],
    ['--version'],
    ['serve'],
    ['demo', '--json'],
    ['host', '--bogus'],
    [],
    ['--targets', 'list.txt'],
    ['host', '--port', '1', '--port', '2'],
  ];
  for (const argv of leftToYargs) {
    it(`leaves to yargs: ${argv.join(' ') || '(nothing)'}`, () => assert.equal(fastCheckArgs(argv), undefined));
  }

  const errors: string[][] = [
    ['host', '--json', '--format', 'nagios'],
    ['host', '--concurrency', '0'],
    ['host', '--port', '99999'],
    ['host', '--mode', 'sideways'],
    ['host', '--timeout', '0'],
    ['host', '-4', '-6'],
    ['host', '--bogus'],
    [],
  ];
  for (const argv of errors) {
    it(`rejects with a usage error: ${argv.join(' ') || '(nothing)'}`, () => {
      assert.throws(() => fastCheckArgs(argv) ?? viaYargs(argv), UsageError);
    });
  }
});
