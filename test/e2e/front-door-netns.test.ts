// The front door where loopback does not suffice, each in a network namespace of its own (`unshare
// --net`, gone with its process; root needed, skipped otherwise): a name that maps to an address beyond
// loopback (a private hosts file, bind-mounted in a private mount namespace), and several addresses of
// one IPv6 /64 (loopback has a single IPv6 address, so they are added to the namespace's own lo).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TEST_TOKEN } from '../helpers/agent.js';
import { CLI } from '../helpers/run-cli.js';

const usable = process.getuid?.() === 0 && spawnSync('unshare', ['--net', '--mount', 'true']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-front-door-netns-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `script` (sh) in a new network and mount namespace; its exit code and output. */
function inNamespace(script: string, env: NodeJS.ProcessEnv = {}): { code: number | null; out: string } {
  const run = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', `set -e; ip link set lo up; ${script}`], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('listening judged by the address bound', { skip: usable ? false : 'needs root and unshare' }, () => {
  // "localhost" in this namespace's hosts file is a documentation address on its lo: beyond loopback.
  const hosts = join(dir, 'hosts');
  writeFileSync(hosts, '203.0.113.5 localhost\n');
  const setup = `ip addr add 203.0.113.5/32 dev lo; mount --bind ${hosts} /etc/hosts`;

  for (const [command, tokenEnv] of [
    ['agent', 'FTPCHECK_AGENT_TOKEN'],
    ['exporter', 'FTPCHECK_EXPORTER_TOKEN'],
  ] as const)
    it(`${command}: --listen localhost mapped to a public address will not start without a token`, () => {
      const run = inNamespace(`${setup}; exec "${process.execPath}" "${CLI}" ${command} --listen localhost:0`, {
        FTPCHECK_AGENT_TOKEN: '',
        FTPCHECK_EXPORTER_TOKEN: '',
      });
      assert.equal(run.code, 3, run.out);
      assert.match(
        run.out,
        new RegExp(`localhost, which is 203\\.0\\.113\\.5, beyond loopback, needs a token: set ${tokenEnv}`),
      );
      assert.doesNotMatch(run.out, / listening on http/);
    });
});

/**
 * In the namespace: starts the agent on [fd00:64::1] and sends one check request from each address
 * given, in order, printing the statuses as JSON. The target is the agent's own unique-local address,
 * refused by its policy (403) without a connection: what counts is whether the rate limit (429) came
 * first.
 */
const CALLERS = `
const { spawn } = require('node:child_process');
const http = require('node:http');
const [cli, config, ...from] = process.argv.slice(1);
const agent = spawn(process.execPath, [cli, 'agent', '--listen', '[fd00:64::1]:0', '--config', config, '--no-reflector'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
agent.stderr.on('data', async (d) => {
  log += d;
  const url = / listening on (http:\\/\\/\\S+\\/) /.exec(log)?.[1];
  if (!url || agent.asked) return;
  agent.asked = true;
  const statuses = [];
  for (const localAddress of from)
    statuses.push(await new Promise((resolve) => {
      const req = http.request(url + 'api/check', { method: 'POST', localAddress, agent: false, headers: {
        authorization: 'Bearer ' + process.env.FTPCHECK_AGENT_TOKEN, 'content-type': 'application/json' } },
        (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', (e) => resolve(String(e.code)));
      req.end(JSON.stringify({ target: '[fd00:64::1]:1', timeout: 1 }));
    }));
  console.log(JSON.stringify(statuses));
  agent.kill('SIGTERM');
});
`;

describe('limits per IPv6 /64', { skip: usable ? false : 'needs root and unshare' }, () => {
  it('three addresses of one /64 share one rate limit; another /64 has its own', () => {
    const config = join(dir, 'agent.json');
    writeFileSync(config, JSON.stringify({ checksPerMinute: 2 }));
    const addresses = ['fd00:64::2', 'fd00:64::3', 'fd00:64::1:2:3:4', 'fd00:65::2'];
    const from = ['fd00:64::2', 'fd00:64::3', 'fd00:64::1:2:3:4', 'fd00:64::2', 'fd00:65::2'];
    const run = inNamespace(
      [
        'ip -6 addr add fd00:64::1/64 dev lo nodad',
        ...addresses.map((a) => `ip -6 addr add ${a}/128 dev lo nodad`),
        `exec "${process.execPath}" -e "$CALLERS" "${CLI}" "${config}" ${from.join(' ')}`,
      ].join('; '),
      { CALLERS, FTPCHECK_AGENT_TOKEN: TEST_TOKEN },
    );
    assert.equal(run.code, 0, run.out);
    const statuses = JSON.parse(run.out.trim().split('\n').at(-1) ?? '[]') as unknown[];
    // Two checks a minute for the whole /64 (each refused by the target policy, after the rate
    // limit counted it); the third address and the first again are over it; fd00:65::/64 is not.
    assert.deepEqual(statuses, [403, 403, 429, 429, 403]);
  });
});
