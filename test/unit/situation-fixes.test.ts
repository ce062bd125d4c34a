// Fixes chosen from what was observed: the vantage (the server reached at an internal address, from
// inside its network, or at a public one), whether this side is behind NAT, and what the certificate
// chain held. A fix must never break the clients the check was not made from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { FINDING_CODES, type Finding } from '../../src/model/findings.js';
import type { Observations } from '../../src/model/observations.js';
import { FINDING_CASES } from './finding-cases/index.js';
import { connected, edited, healthy, healthyTls, passiveOf } from './observations.js';

const INSIDE_SERVER = '192.168.1.10';
const OUTSIDE_SERVER = '198.51.100.20';
const NATED_CLIENT = '10.0.0.2';
const PUBLIC_CLIENT = '198.51.100.99';

const VANTAGES = [
  { name: 'outside, this side not NATed', local: PUBLIC_CLIENT, remote: OUTSIDE_SERVER },
  { name: 'outside, this side behind NAT', local: NATED_CLIENT, remote: OUTSIDE_SERVER },
  { name: "inside the server's network", local: '192.168.1.20', remote: INSIDE_SERVER },
  { name: "inside the server's network, through a NATed segment", local: NATED_CLIENT, remote: INSIDE_SERVER },
] as const;

/** Every way a server can be told to name an address for passive data, with that address. */
const namesPassiveAddress = (address: string): RegExp => {
  const a = address.replaceAll('.', '\\.');
  return new RegExp(
    `pasv_address=${a}|MasqueradeAddress ${a}|ForcePassiveIP ${a}|-P ${a}|"Use the following IP": ${a}|` +
      `External IP Address of Firewall": ${a}|pasv_url: '${a}'`,
  );
};

const fixText = (f: Finding): string => f.fix.map((s) => `[${s.role}] ${s.text}`).join('\n');

function from(o: Observations, local: string, remote: string): Observations {
  if (o.connect?.kind === 'connected') o.connect = connected(local, remote);
  return o;
}

describe('fixes fit the vantage and the NAT observed', () => {
  for (const v of VANTAGES) {
    it(`every rule's fixes from ${v.name}`, () => {
      let rendered = 0;
      for (const code of FINDING_CODES) {
        for (const c of FINDING_CASES[code].fires) {
          for (const f of diagnose(from(c.build(), v.local, v.remote))) {
            rendered++;
            assert.ok(f.fix.length > 0, `${f.code} (${c.name}): no fix`);
            // From inside, the address reached is internal: naming it for passive data breaks every outside client.
            if (v.remote === INSIDE_SERVER)
              assert.doesNotMatch(fixText(f), namesPassiveAddress(INSIDE_SERVER), `${f.code} (${c.name})`);
          }
        }
      }
      assert.ok(rendered > 100, `only ${String(rendered)} findings`);
    });
  }

  const pasvNaming = (advertised: string, relation: 'foreign' | 'private', local: string, remote: string) =>
    edited((o) => {
      o.connect = connected(local, remote);
      const run = passiveOf(o);
      const pasv = run.requests.find((r) => r.command === 'PASV');
      if (!pasv) throw new Error('the healthy run asks PASV');
      pasv.advertised = { address: advertised, port: 50017 };
      run.used = pasv;
      run.relation = relation;
    }, healthy);

  it('the hairpin case: router and client fixes, the passive address kept', () => {
    const [f] = diagnose(pasvNaming('203.0.113.7', 'foreign', '192.168.1.20', INSIDE_SERVER));
    assert.equal(f?.code, 'pasv-foreign-address');
    const text = fixText(f);
    assert.match(text, /\[network-admin\] Turn on hairpin NAT .*NAT loopback.*203\.0\.113\.7/);
    assert.match(text, /\[network-admin\] Or split DNS/);
    assert.match(text, /\[user\] .*EPSV/);
    assert.match(text, /\[server-admin\] Keep the passive address 203\.0\.113\.7/);
    assert.doesNotMatch(text, /pasv_address=/);
  });

  it('the same PASV seen from outside: the server is told the address clients reach', () => {
    const [f] = diagnose(pasvNaming('203.0.113.7', 'foreign', PUBLIC_CLIENT, OUTSIDE_SERVER));
    assert.equal(f?.code, 'pasv-foreign-address');
    assert.match(fixText(f), /vsftpd: pasv_address=198\.51\.100\.20/);
    assert.doesNotMatch(fixText(f), /hairpin/);
  });

  it('a private PASV address seen from inside: the public address is named as what to set, not the one reached', () => {
    const [f] = diagnose(pasvNaming('10.9.9.9', 'private', '192.168.1.20', INSIDE_SERVER));
    assert.equal(f?.code, 'pasv-private-address');
    assert.match(fixText(f), /pasv_address=PUBLIC-ADDRESS .*not 192\.168\.1\.10/);
  });

  it('a private PASV address seen from outside: the address reached', () => {
    const [f] = diagnose(pasvNaming('10.9.9.9', 'private', NATED_CLIENT, OUTSIDE_SERVER));
    assert.equal(f?.code, 'pasv-private-address');
    assert.match(fixText(f), /vsftpd: pasv_address=198\.51\.100\.20 /);
  });
});

describe('fixes fit what the certificate chain held', () => {
  const codes = (o: Observations): string[] => diagnose(o).map((f) => f.code);

  it('sent alone, its issuer unknown: the chain setting comes first, --ca only for a private CA', () => {
    const [f] = diagnose(healthyTls({ trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chainLength: 1 }));
    assert.equal(f?.code, 'tls-chain-incomplete');
    assert.equal(f.fix[0]?.role, 'server-admin');
    assert.match(
      f.fix[0].text,
      /rsa_cert_file pointing to a PEM file with the certificate followed by its intermediates/,
    );
    assert.match(fixText(f), /private CA/);
  });

  it('self-signed, or a chain sent up to an untrusted root: the trust fixes of tls-certificate-untrusted', () => {
    assert.deepEqual(codes(healthyTls({ trusted: false, selfSigned: true, chainLength: 1 })), [
      'tls-certificate-untrusted',
    ]);
    assert.deepEqual(codes(healthyTls({ trusted: false, chainLength: 2 })), ['tls-certificate-untrusted']);
  });
});
