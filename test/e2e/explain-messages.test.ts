// The helpdesk's words through the built CLI: `explain` maps real client error messages to finding
// codes (the curl and lftp ones produced here, on loopback, by the installed clients), explains the
// glossary's terms, and the guide starts with the symptoms.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { GLOSSARY } from '../../src/docs/glossary.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { freePort } from '../helpers/loopback.js';
import { runInProcess } from '../helpers/in-process.js';
import { runCli } from '../helpers/run-cli.js';

/** The finding codes `explain "MESSAGE"` lists, in its order (the CLI's code, run in this process). */
async function codesFor(message: string): Promise<string[]> {
  const run = await runInProcess(['explain', message]);
  assert.equal(run.code, 0, `explain ${JSON.stringify(message)}: ${run.stderr}`);
  return [...run.stdout.matchAll(/^ {4}([a-z0-9-]+) — /gm)].map((m) => m[1] ?? '');
}

/** What an installed client prints on stderr, or undefined when it is not installed. */
function clientSays(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 20_000 }, (err, _stdout, stderr) => {
      if (err && 'code' in err && err.code === 'ENOENT') resolve(undefined);
      else resolve(stderr.trim());
    });
  });
}

describe('explain: client messages, glossary and guide', () => {
  it('maps the messages users paste to the findings that explain them', async () => {
    const cases: [string, string][] = [
      ['Error: Failed to retrieve directory listing', 'pasv-data-filtered'],
      ['Error: Connection attempt failed with "ECONNREFUSED - Connection refused by server".', 'control-refused'],
      ['Error: Connection timed out after 20 seconds of inactivity', 'control-filtered'],
      [
        'Status: Server sent passive reply with unroutable address. Using server address instead.',
        'pasv-private-address',
      ],
      ['Timeout detected. (data connection)', 'pasv-data-filtered'],
      ['Response: 425 Can\'t open data connection for transfer of "/"', 'pasv-data-filtered'],
      ['425 Cannot open data connection.', 'pasv-data-filtered'],
      ['425 Security: Bad IP connecting.', 'client-public-address'],
      ['500 Illegal PORT command.', 'active-port-rejected'],
      ["`ls' at 0 [Delaying before reconnect: 29]", 'control-refused'],
      ['curl exit code 28', 'control-filtered'],
      ['curl returned exit code 7', 'control-refused'],
    ];
    for (const [message, first] of cases) assert.equal((await codesFor(message))[0], first, message);
  });

  it("maps curl's and lftp's own words, as they print them here, to the right finding", async (t) => {
    const closed = await freePort();
    const curl7 = await clientSays('curl', ['-sS', `ftp://127.0.0.1:${closed}/`]);
    if (curl7 === undefined) return t.skip('curl is not installed');
    assert.deepEqual((await codesFor(curl7)).slice(0, 1), ['control-refused'], curl7);

    // A port that accepts and never greets: curl's wait ends (28).
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const silentPort = typeof address === 'object' && address ? address.port : 0;
    const server = await startEmbeddedServer({ port: 0, users: [{ name: 'bob', password: 'right' }] });
    try {
      const curl28 = await clientSays('curl', ['-sS', '--max-time', '1', `ftp://127.0.0.1:${silentPort}/`]);
      assert.ok(curl28?.includes('(28)'), curl28);
      assert.ok((await codesFor(curl28 ?? '')).includes('banner-timeout'), curl28);

      const curl67 = await clientSays('curl', ['-sS', `ftp://bob:wrong@127.0.0.1:${server.port}/`]);
      assert.equal((await codesFor(curl67 ?? ''))[0], 'login-failed', curl67);

      const curl9 = await clientSays('curl', ['-sS', `ftp://127.0.0.1:${server.port}/no-such-dir/`]);
      const run9 = await runCli(['explain', curl9 ?? '']);
      assert.equal(run9.code, 0, curl9);
      assert.match(run9.stdout, /Not a network problem/);

      const curl6 = await clientSays('curl', ['-sS', 'ftp://no-such-host.invalid/']);
      assert.equal((await codesFor(curl6 ?? ''))[0], 'dns-unresolved', curl6);

      const lftp = await clientSays('lftp', [
        '-e',
        'set net:max-retries 1; ls; bye',
        '-u',
        'bob,wrong',
        '-p',
        String(server.port),
        '127.0.0.1',
      ]);
      if (lftp !== undefined) assert.equal((await codesFor(lftp))[0], 'login-failed', lftp);
    } finally {
      silent.close();
      await server.close();
    }
  });

  it(
    "maps curl's FTPS failures, as it prints them here, to the TLS findings",
    {
      skip: !opensslAvailable() && 'no openssl command',
    },
    async (t) => {
      const certs = makeCerts();
      const plain = await startEmbeddedServer({ port: 0 });
      const explicit = await startEmbeddedServer({ port: 0, tls: { ...certs.selfSigned, mode: 'explicit' } });
      try {
        const curl64 = await clientSays('curl', ['-sS', '--ssl-reqd', `ftp://127.0.0.1:${plain.port}/`]);
        if (curl64 === undefined) return t.skip('curl is not installed');
        assert.equal((await codesFor(curl64))[0], 'tls-unsupported', curl64);
        const curl35 = await clientSays('curl', ['-sS', '--max-time', '3', `ftps://127.0.0.1:${explicit.port}/`]);
        assert.equal((await codesFor(curl35 ?? ''))[0], 'tls-mode-mismatch', curl35);
        const curl60 = await clientSays('curl', ['-sS', '--ssl-reqd', `ftp://127.0.0.1:${explicit.port}/`]);
        assert.equal((await codesFor(curl60 ?? ''))[0], 'tls-certificate-untrusted', curl60);
      } finally {
        await Promise.all([plain.close(), explicit.close()]);
        certs.cleanup();
      }
    },
  );

  it('explains every glossary term by its name or an alias, and lists them all with `explain glossary`', async () => {
    const all = await runCli(['explain', 'glossary']);
    assert.equal(all.code, 0);
    for (const entry of GLOSSARY) assert.ok(all.stdout.includes(`${entry.term}\n`), entry.term);
    assert.ok(
      all.stdout.split('\n').every((line) => line.length <= 80),
      'fits 80 columns',
    );
    const epsv = await runCli(['explain', 'EPSV']);
    assert.match(epsv.stdout, /^PASV \/ EPSV \(passive mode\)$/m);
    const hairpin = await runCli(['explain', 'hairpin', 'nat']);
    assert.match(hairpin.stdout, /^Hairpin NAT$/m);
    const unknown = await runCli(['explain', 'no such thing at all']);
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /no finding code, term or known client message/);
  });

  it('the guide starts with the symptoms, then the client messages and the glossary', async () => {
    const run = await runCli(['guide']);
    assert.equal(run.code, 0);
    const at = (text: string): number => run.stdout.indexOf(text);
    assert.ok(at('Start here: the symptom') > 0);
    assert.ok(at('Start here: the symptom') < at('What your FTP client said'));
    assert.ok(at('What your FTP client said') < at('How an FTP session is made'));
    assert.ok(at('Words used here') < at('The codes'));
    assert.match(run.stdout, /FileZilla: "Failed to retrieve directory listing"\n {2}→ pasv-data-filtered/);
    assert.match(run.stdout, /^Hairpin NAT$/m);
  });
});
