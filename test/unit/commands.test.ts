// The commands a finding prints are runnable for the target checked: placeholders filled with its host,
// port, user and TLS form, quoted for the shell where a value needs it. Every rule's commands are
// rendered for a port other than 21 and for an IPv6 target, through diagnose() as a check does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/diagnosis/rules/catalogue.js';
import { type CommandTarget, fillCommand, fillCommands } from '../../src/diagnosis/rules/commands.js';
import { diagnose, settingSteps } from '../../src/diagnosis/rules/diagnose.js';
import { FINDING_CODES, type Finding } from '../../src/model/findings.js';
import type { Observations } from '../../src/model/observations.js';
import { FINDING_CASES } from './finding-cases/index.js';

const V4: CommandTarget = {
  host: '127.0.0.1',
  port: 2999,
  user: 'alice',
  tls: undefined,
  address: '127.0.0.1',
  dataPort: 40123,
};
const V6: CommandTarget = { ...V4, host: '2001:db8::21', address: '2001:db8::21', port: 2121 };

const TABLE: { command: string; target: CommandTarget; expect: string }[] = [
  { command: 'nc -vz HOST PORT', target: V4, expect: 'nc -vz 127.0.0.1 2999' },
  { command: "ss -ltnp 'sport = :PORT'", target: V4, expect: "ss -ltnp 'sport = :2999'" },
  {
    command: 'openssl s_client -connect HOST:PORT -starttls ftp',
    target: { ...V4, port: 2201, tls: 'explicit' },
    expect: 'openssl s_client -connect 127.0.0.1:2201 -starttls ftp',
  },
  {
    command: 'openssl s_client -connect HOST:PORT -starttls ftp -showcerts',
    target: { ...V4, port: 2201, tls: 'implicit' },
    expect: 'openssl s_client -connect 127.0.0.1:2201 -showcerts',
  },
  {
    command: 'openssl s_client -connect HOST:PORT -starttls ftp',
    target: V6,
    expect: "openssl s_client -connect '[2001:db8::21]:2121' -starttls ftp",
  },
  { command: 'curl -v ftp://HOST/', target: V4, expect: 'curl -v ftp://127.0.0.1:2999/' },
  { command: 'curl -v ftp://HOST/', target: { ...V4, port: 21 }, expect: 'curl -v ftp://127.0.0.1/' },
  { command: 'curl -v ftp://HOST/', target: V6, expect: "curl -v 'ftp://[2001:db8::21]:2121/'" },
  {
    command: 'curl -u USER ftp://HOST/',
    target: { ...V4, tls: 'explicit' },
    expect: 'curl --ssl-reqd -u alice ftp://127.0.0.1:2999/',
  },
  {
    command: 'curl -P - ftp://HOST/',
    target: { ...V4, port: 990, tls: 'implicit' },
    expect: 'curl -P - ftps://127.0.0.1/',
  },
  // A command that names its TLS form keeps it: the advice is to use that form.
  {
    command: 'curl --ssl-reqd ftp://HOST/',
    target: { ...V4, tls: 'implicit' },
    expect: 'curl --ssl-reqd ftp://127.0.0.1:2999/',
  },
  { command: 'ftpcheck HOST --tls', target: V4, expect: 'ftpcheck 127.0.0.1:2999 --tls' },
  {
    command: 'ftpcheck HOST',
    target: { ...V4, port: 21, host: 'ftp.example.com' },
    expect: 'ftpcheck ftp.example.com',
  },
  { command: 'ftpcheck HOST --mode passive', target: V6, expect: "ftpcheck '[2001:db8::21]:2121' --mode passive" },
  {
    command: 'ftpcheck HOST --verbose',
    target: { ...V4, port: 2201, tls: 'implicit' },
    expect: 'ftpcheck ftps://127.0.0.1:2201 --verbose',
  },
  {
    command: 'sftp -P PORT USER@HOST',
    target: { ...V4, user: "o'brien x" },
    expect: "sftp -P 2999 'o'\\''brien x@127.0.0.1'",
  },
  { command: 'nc -vz HOST DATAPORT', target: V4, expect: 'nc -vz 127.0.0.1 40123' },
  { command: 'traceroute -T -p PORT ADDRESS', target: V6, expect: 'traceroute -T -p 2121 2001:db8::21' },
  // The largest ping that fits a 1500-byte packet: IPv4 and IPv6 headers differ in size.
  { command: 'ping -M do -s 1472 HOST', target: V4, expect: 'ping -M do -s 1472 127.0.0.1' },
  { command: 'ping -M do -s 1472 HOST', target: V6, expect: 'ping -M do -s 1452 2001:db8::21' },
  { command: 'ping -f -l 1472 HOST', target: V6, expect: 'ping -6 -l 1452 2001:db8::21' },
  {
    command: 'ping -M do -s 1472 HOST',
    target: { ...V4, host: 'ftp.example.com', address: '2001:db8::21' },
    expect: 'ping -M do -s 1452 ftp.example.com',
  },
  // FTP commands typed into a client: PORT is the command's name there.
  { command: 'quote PORT …', target: V4, expect: 'quote PORT …' },
  { command: 'PORT 192,0,2,1,4,1', target: V4, expect: 'PORT 192,0,2,1,4,1' },
];

describe('fillCommand', () => {
  for (const c of TABLE) {
    it(`${c.command} → ${c.expect}`, () => assert.equal(fillCommand(c.command, c.target), c.expect));
  }
  it('an explicit-FTPS check: ftpcheck commands ask for TLS, unless the text names them the plain check', () => {
    const t: CommandTarget = { ...V4, tls: 'explicit' };
    assert.equal(
      fillCommands('Run `ftpcheck HOST --mode passive` twice.', t),
      'Run `ftpcheck 127.0.0.1:2999 --mode passive --tls` twice.',
    );
    assert.equal(
      fillCommands('Run `ftpcheck HOST` (plain) and `ftpcheck HOST --tls`.', t),
      'Run `ftpcheck 127.0.0.1:2999` (plain) and `ftpcheck 127.0.0.1:2999 --tls`.',
    );
    assert.equal(fillCommands('`ftpcheck ftps://HOST:PORT`', t), '`ftpcheck ftps://127.0.0.1:2999`');
    assert.equal(fillCommands('`ftpcheck reflect URL --verbose`', t), '`ftpcheck reflect URL --verbose`');
    assert.equal(fillCommands('`ftpcheck HOST`', V4), '`ftpcheck 127.0.0.1:2999`');
  });

  it('fills only the commands of a text, not its prose', () => {
    assert.equal(
      fillCommands('The PORT command; run `nc HOST PORT` on HOST.', V4),
      'The PORT command; run `nc 127.0.0.1 2999` on HOST.',
    );
  });
});

/** The backticked commands of a finding's confirm and fix steps. */
function commandsOf(f: Pick<Finding, 'confirm' | 'fix'>): string[] {
  const texts = [...f.confirm, ...f.fix.map((s) => s.text)];
  return texts.flatMap((t) => [...t.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
}

const FTP_COMMAND = /^(quote|PORT|EPRT) /;
const PLACEHOLDER = /(?<![\w-])(HOST|PORT|USER|NAME|ADDRESS|DATAPORT)(?![\w-])|<[a-z][^>]*>/; // <Limit LOGIN> is ProFTPD's

function assertRunnable(commands: string[], t: CommandTarget, where: string): void {
  for (const c of commands) {
    if (FTP_COMMAND.test(c)) continue;
    assert.doesNotMatch(c, PLACEHOLDER, `${where}: a placeholder left in \`${c}\``);
    // The checked port, never the default ones.
    assert.doesNotMatch(c, /(?<![\d.:])(21|990)(?!\d)/, `${where}: a default port in \`${c}\``);
    if (t.host.includes(':')) {
      assert.ok(!c.includes(`${t.host}:${t.port}`), `${where}: an IPv6 address and port run together in \`${c}\``);
      if (/(-connect|:\/\/|ftpcheck) /.test(c) || c.includes('://'))
        assert.ok(c.includes(`'`) || !c.includes('['), `${where}: a bracketed address not quoted in \`${c}\``);
    }
  }
}

describe("every rule's commands, filled for the target checked", () => {
  for (const t of [V4, { ...V4, tls: 'explicit' as const }, { ...V4, tls: 'implicit' as const }, V6]) {
    it(`every article rendered for ${t.host} port ${t.port}${t.tls ? ` (${t.tls} TLS)` : ''}`, () => {
      for (const code of FINDING_CODES) {
        const article = CATALOGUE[code];
        const values = { address: t.address ?? t.host, passivePort: String(t.dataPort), inside: false };
        const fix = [...settingSteps(article, values, undefined), ...article.fix].map((s) => ({
          ...s,
          text: fillCommands(s.text, t),
        }));
        const confirm = article.confirm.map((c) => fillCommands(c, t));
        assertRunnable(commandsOf({ confirm, fix }), t, code);
      }
    });
  }

  it('through diagnose(): every finding of every case, checked on port 2999 and on [2001:db8::21]:2121', () => {
    const retarget = (o: Observations, host: string, port: number): Observations => ({
      ...o,
      target: { ...o.target, host, port },
    });
    let seen = 0;
    for (const code of FINDING_CODES) {
      for (const c of FINDING_CASES[code].fires) {
        for (const [host, port] of [
          ['198.18.2.2', 2999],
          ['2001:db8::21', 2121],
        ] as const) {
          for (const f of diagnose(retarget(c.build(), host, port))) {
            const t = { ...V4, host, port };
            assertRunnable(commandsOf(f), t, `${f.code} (${c.name})`);
            seen++;
          }
        }
      }
    }
    assert.ok(seen > 100, `only ${String(seen)} findings rendered`);
  });
});
