// The command line read against the tables of options before yargs: help, near misses, missing values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { closest, readCommandLine } from '../../src/cli/command-line.js';
import { COMMANDS } from '../../src/cli/command-specs.js';
import { readTypedTargets } from '../../src/cli/typed-targets.js';
import { UsageError } from '../../src/settings/usage-error.js';

describe('reading the command line', () => {
  const readings: [string[], ReturnType<typeof readCommandLine>][] = [
    [['host', '--help'], { kind: 'help', command: 'check' }],
    [['serve', '-h'], { kind: 'help', command: 'serve' }],
    [['--user', 'serve', 'host', '--help'], { kind: 'help', command: 'check' }],
    [['agent', '--no-auth'], { kind: 'parse', command: 'agent' }],
    [['host', '-4t', '3'], { kind: 'parse', command: 'check' }],
    [['host', '--timeout=3', '--no-color'], { kind: 'parse', command: 'check' }],
    [['host', '--', '--not-an-option'], { kind: 'parse', command: 'check' }],
  ];
  for (const [argv, expected] of readings) {
    it(argv.join(' '), () => assert.deepEqual(readCommandLine(argv), expected));
  }

  const mistakes: [string[], RegExp][] = [
    [['host', '--tiemout', '3'], /did you mean --timeout\?/],
    [['host', '--verbos'], /did you mean --verbose\?/],
    [['host', '--conc', '2'], /did you mean --concurrency\?/],
    [['host', '--xyzzy'], /^unknown option --xyzzy$/],
    [['host', '-4t'], /--timeout needs a value/],
    [['host', '-q'], /unknown option -q/],
    [['demo', '--mode', 'passive'], /unknown option --mode for 'ftpcheck demo'/],
    [['host', '--format'], /--format needs a value \(human, json, jsonl, nagios\)/],
  ];
  for (const [argv, message] of mistakes) {
    it(`rejects ${argv.join(' ')}`, () =>
      assert.throws(
        () => readCommandLine(argv),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
      ));
  }

  it('suggests only what is close', () => {
    assert.equal(closest('tiemout', ['timeout', 'deadline']), 'timeout');
    assert.equal(closest('colour', ['color', 'ca']), 'color');
    assert.equal(closest('banana', ['timeout', 'deadline']), undefined);
  });
});

describe('targets as typed', () => {
  it('host and a lone port', () => {
    assert.deepEqual(readTypedTargets(['ftp.example.com', '2121'], undefined).targets, ['ftp.example.com:2121']);
    assert.deepEqual(readTypedTargets(['2001:db8::1', '2121'], undefined).targets, ['[2001:db8::1]:2121']);
    assert.deepEqual(readTypedTargets(['ftp://a@h', '2121'], undefined), {
      targets: ['ftp://a@h'],
      port: '2121',
      notes: ['ftpcheck: note: "ftp://a@h 2121" read as ftp://a@h on port 2121 (one target and its port)'],
    });
  });

  it('two hosts stay two hosts; three words are never read as host and port', () => {
    assert.deepEqual(readTypedTargets(['a.example', 'b.example'], undefined).targets, ['a.example', 'b.example']);
    assert.deepEqual(readTypedTargets(['a.example', 'b.example', '21'], undefined).targets.length, 3);
  });

  it('a port given twice is a usage error', () => {
    assert.throws(() => readTypedTargets(['host', '2121'], '21'), UsageError);
    assert.throws(() => readTypedTargets(['host:21', '2121'], undefined), UsageError);
  });

  it('warns only for an IPv6 address whose last group reads as a port', () => {
    assert.equal(readTypedTargets(['::1:2122'], undefined).notes.length, 1);
    assert.equal(readTypedTargets(['2001:db8::21'], undefined).notes.length, 0, '2001:db8: is no address');
    assert.equal(readTypedTargets(['fe80::1:abcd'], undefined).notes.length, 0, 'not a decimal group');
    assert.equal(readTypedTargets(['[::1:2122]'], undefined).notes.length, 0, 'brackets say it is meant');
  });
});

describe('examples people copy', () => {
  // zsh takes [..] as a glob and fails with "no matches found": a bracketed IPv6 target needs quotes.
  const unquotedIPv6 = /(^|\s)\[[0-9a-fA-F:.]+\](:\d+)?(\s|$)/;

  it('the README quotes every bracketed IPv6 target in its commands', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const commands = readme.split('\n').filter((line) => /^(\$ )?(FTPCHECK_\w+=\S+ )?ftpcheck /.test(line));
    assert.ok(commands.length > 10);
    assert.deepEqual(
      commands.filter((line) => unquotedIPv6.test(line)),
      [],
    );
  });

  it('so do the examples in --help', () => {
    const examples = Object.values(COMMANDS).flatMap((c) => c.examples.map(([example]) => example));
    assert.ok(examples.some((e) => e.includes("'[2001:db8::21]:21'")));
    assert.deepEqual(
      examples.filter((e) => unquotedIPv6.test(e)),
      [],
    );
  });
});
