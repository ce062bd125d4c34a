// The target policy of an agent on a public address, attacked from beside it: two network namespaces
// joined by a veth pair (nothing links them to this machine's network). The agent (and the exporter)
// listen on 203.0.113.5 in A; the attacker in B holds the token, runs an FTP server that keeps every
// password it is sent on 203.0.113.66, and has a name that spells the operator's address pattern
// (`10.0.0.evil.test`) resolve to it. Skipped, saying why, where namespaces cannot be made (not root).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { agentListening, type RunningAgent, TEST_TOKEN } from '../helpers/agent.js';
import { type NetnsHost, type NetnsPair, netnsPair, netnsUnavailable } from '../helpers/netns.js';
import { CLI } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const PASSWORD = 'module-password-3b8f02d6';
const TRAP = fileURLToPath(new URL('../../fixtures/password-trap-run.ts', import.meta.url));
const unavailable = netnsUnavailable();
if (unavailable) process.stdout.write(`# target-policy-netns skipped: ${unavailable}\n`);

/** A password trap running in a namespace: its port, and the passwords it printed so far. */
interface RemoteTrap {
  port: number;
  passwords(): string[];
}

function startTrap(pair: NetnsPair, host: NetnsHost): Promise<RemoteTrap> {
  const child = pair.spawnIn(host, process.execPath, ['--import', 'tsx', TRAP, host.address]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const look = (): void => {
      const first = /^(\d+)\n/.exec(out);
      if (first?.[1] === undefined) return;
      child.stdout.off('data', look);
      resolve({
        port: Number(first[1]),
        passwords: () => [...out.matchAll(/^PASS (.*)$/gm)].map((m) => m[1] ?? ''),
      });
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => reject(new Error(`the trap exited (${String(code)}) before listening`)));
  });
}

/** An HTTP request sent from inside a namespace (curl there): status and body. */
async function callFrom(
  pair: NetnsPair,
  from: NetnsHost,
  url: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const args = ['-s', '-m', '30', '-w', '\n%{http_code}', '-H', `authorization: Bearer ${TEST_TOKEN}`];
  if (body !== undefined) args.push('-H', 'content-type: application/json', '--data', JSON.stringify(body));
  const out = await pair.execIn(from, 'curl', [...args, url]);
  const cut = out.lastIndexOf('\n');
  return { status: Number(out.slice(cut + 1)), text: out.slice(0, cut) };
}

interface Scene {
  pair: NetnsPair;
  dir: string;
  /** The attacker's server in B. */
  hostile: RemoteTrap;
  /** A server on the agent's own address in A: reached only if the agent connects to itself. */
  itself: RemoteTrap;
  agent: RunningAgent;
  exporter: RunningAgent;
}

async function setUp(): Promise<Scene> {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-policy-netns-'));
  const pair = netnsPair('203.0.113');
  try {
    pair.hosts(pair.a, [`${pair.b.address} 10.0.0.evil.test`]);
    const config = join(dir, 'agent.json');
    // The README's example, as an operator would copy it.
    writeFileSync(
      config,
      JSON.stringify({
        modules: { default: {}, backup: { user: 'backup', passwordEnv: 'BACKUP_FTP_PASSWORD' } },
        allowTargets: ['ftp.lan:21', '10.0.0.*:*'],
      }),
    );
    const hostile = await startTrap(pair, pair.b);
    const itself = await startTrap(pair, pair.a);
    const env = {
      NO_COLOR: '1',
      CI: '1',
      BACKUP_FTP_PASSWORD: PASSWORD,
      FTPCHECK_AGENT_TOKEN: TEST_TOKEN,
      FTPCHECK_EXPORTER_TOKEN: TEST_TOKEN,
    };
    const listen = ['--listen', `${pair.a.address}:0`, '--config', config];
    const agent = await agentListening(
      pair.spawnIn(pair.a, process.execPath, [CLI, 'agent', ...listen, '--no-reflector'], env),
    );
    const exporter = await agentListening(pair.spawnIn(pair.a, process.execPath, [CLI, 'exporter', ...listen], env));
    return { pair, dir, hostile, itself, agent, exporter };
  } catch (err) {
    // Ends every process started inside too.
    pair.destroy();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function tearDown(scene: Scene): Promise<void> {
  await scene.agent.stop();
  await scene.exporter.stop();
  scene.pair.destroy();
  rmSync(scene.dir, { recursive: true, force: true });
}

describe('an agent on a public address, its token holder beside it', { skip: unavailable }, () => {
  const scene = forSuite(setUp, tearDown);

  const noPassword = (trap: RemoteTrap): void => {
    assert.deepEqual(
      trap.passwords().filter((p) => p.includes(PASSWORD)),
      [],
      'the password reached the hostile server',
    );
  };

  it('the agent and the exporter never log in to the hostile server with the module password', async () => {
    const { pair, hostile, agent, exporter } = scene();
    const target = `10.0.0.evil.test:${hostile.port}`;
    const api = await callFrom(pair, pair.b, `${agent.url}api/check`, { target, module: 'backup', timeout: 5 });
    assert.equal(api.status, 403, api.text);
    assert.match(api.text, /module with passwordEnv logs in only where allowTargets names the addresses/);
    const probe = await callFrom(pair, pair.b, `${agent.url}probe?target=${target}&module=backup`);
    assert.equal(probe.status, 403, probe.text);
    const exported = await callFrom(pair, pair.b, `${exporter.url}probe?target=${target}&module=backup`);
    assert.equal(exported.status, 403, exported.text);
    noPassword(hostile);
    // The control: the hostile server is reachable, and a check without the password goes there.
    const anonymous = await callFrom(pair, pair.b, `${agent.url}api/check`, { target, mode: 'passive', timeout: 5 });
    assert.equal(anonymous.status, 200, anonymous.text);
    assert.ok(hostile.passwords().length > 0, 'the anonymous check reached the hostile server');
    noPassword(hostile);
  });

  it("every spelling of the agent's own address is refused, and it never connects to itself", async () => {
    const { pair, itself, agent, exporter } = scene();
    const p = itself.port;
    const spellings = [
      `203.0.113.5:${p}`,
      `[::ffff:cb00:7105]:${p}`,
      `[0:0:0:0:0:ffff:cb00:7105]:${p}`,
      `[::ffff:203.0.113.5]:${p}`,
      `ftp://[::ffff:203.0.113.5]:${p}`,
      `[::203.0.113.5]:${p}`,
      `[::ffff:0:203.0.113.5]:${p}`,
      `[64:ff9b::cb00:7105]:${p}`,
      `[2002:cb00:7105::1]:${p}`,
      `[2001:0:cb00:7105::39cc:9bf8]:${p}`,
    ];
    for (const target of spellings) {
      const api = await callFrom(pair, pair.b, `${agent.url}api/check`, { target, timeout: 5 });
      assert.equal(api.status, 403, `${target}: ${api.text}`);
      assert.match(api.text, /refused by rule (agent-own-address|ipv4-compatible|siit)/, target);
      const probe = await callFrom(pair, pair.b, `${exporter.url}probe?target=${encodeURIComponent(target)}`);
      assert.equal(probe.status, 403, `${target}: ${probe.text}`);
    }
    assert.deepEqual(itself.passwords(), [], 'the agent connected to itself');
  });

  it("an address the machine gains while the agent runs is the agent's own too", async () => {
    const { pair, agent, exporter } = scene();
    // A second address on A's interface, as DHCP, a new IPv6 temporary address or a VPN would add one.
    const later = '203.0.113.77';
    execFileSync('ip', ['-n', pair.a.ns, 'addr', 'add', `${later}/24`, 'dev', 'eth0']);
    const trap = await startTrap(pair, { ns: pair.a.ns, address: later });
    for (const target of [`${later}:${trap.port}`, `[::ffff:cb00:714d]:${trap.port}`]) {
      const api = await callFrom(pair, pair.b, `${agent.url}api/check`, { target, timeout: 5 });
      assert.equal(api.status, 403, `${target}: ${api.text}`);
      assert.match(api.text, /refused by rule agent-own-address/, target);
      const probe = await callFrom(pair, pair.b, `${exporter.url}probe?target=${encodeURIComponent(target)}`);
      assert.equal(probe.status, 403, `${target}: ${probe.text}`);
    }
    assert.deepEqual(trap.passwords(), [], 'the agent connected to itself on its new address');
  });

  it('the token never appears in what the agent and the exporter printed', () => {
    const { agent, exporter } = scene();
    for (const service of [agent, exporter]) {
      assert.ok(!service.stderr().includes(TEST_TOKEN));
      assert.ok(!service.stdout().includes(TEST_TOKEN));
    }
  });
});
