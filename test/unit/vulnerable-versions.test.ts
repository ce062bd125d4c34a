// The table of announced versions with known weaknesses: which CVEs each announced version gets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { knownWeaknesses } from '../../src/protocol/vulnerable-versions.js';
import { CLIENT, connected, edited, SERVER } from './observations.js';

const CASES: [string | undefined, (string | null)[]][] = [
  ['vsftpd 2.3.4', ['CVE-2011-2523']],
  ['vsftpd 2.3.5', []],
  ['vsftpd 3.0.3', []],
  ['ProFTPD 1.3.2rc2', []],
  ['ProFTPD 1.3.2rc3', ['CVE-2010-4221']],
  ['ProFTPD 1.3.2', ['CVE-2010-4221']],
  ['ProFTPD 1.3.3b', ['CVE-2010-4221']],
  // The backdoored tarball has no CVE id.
  ['ProFTPD 1.3.3c', [null]],
  ['ProFTPD 1.3.3d', []],
  ['ProFTPD 1.3.5', ['CVE-2015-3306', 'CVE-2019-12815']],
  ['ProFTPD 1.3.5a', ['CVE-2019-12815']],
  ['ProFTPD 1.3.5b', ['CVE-2019-12815']],
  ['ProFTPD 1.3.5e', []],
  ['ProFTPD 1.3.6rc1', []],
  ['ProFTPD', []],
  ['Pure-FTPd', []],
  [undefined, []],
];

describe('knownWeaknesses', () => {
  for (const [software, cves] of CASES)
    it(`${software ?? 'no software named'} → ${cves.join(', ') || 'none'}`, () => {
      assert.deepEqual(
        knownWeaknesses(software).map((w) => w.cve),
        cves,
      );
    });
});

describe('known-vulnerable-server and the backdoor port of vsftpd 2.3.4', () => {
  const announcing234 = (port: 'open' | 'refused') =>
    edited((o) => {
      o.posture = { ...o.posture, audit: true };
      if (o.greeting?.kind === 'greeted') o.greeting.software = 'vsftpd 2.3.4';
      o.backdoorPort = {
        port: 6200,
        result: port === 'open' ? connected(CLIENT, SERVER) : { kind: 'refused', ms: 1 },
      };
    });
  const finding = (port: 'open' | 'refused') =>
    diagnose(announcing234(port)).find((f) => f.code === 'known-vulnerable-server');
  it('an open port 6200 makes it an error, saying nothing was sent', () => {
    assert.equal(finding('open')?.severity, 'error');
    assert.match(
      finding('open')?.evidence ?? '',
      /TCP 6200 on the server accepted a connection \(closed at once, nothing sent\)/,
    );
  });
  it('a refused one leaves the version warning', () => {
    assert.equal(finding('refused')?.severity, 'warning');
    assert.match(finding('refused')?.evidence ?? '', /TCP 6200 on the server did not accept a connection \(refused\)/);
  });
});
