// What a suite of lab scenarios needs around them: stale namespaces swept, the lab user able to log in,
// and TLS certificates for the lab's addresses (removed even on Ctrl-C); after them the user locked again.
import { after, before } from 'node:test';
import { makeCerts, opensslAvailable, type TestCerts } from '../helpers/certs.js';
import { onInterrupt } from './interrupt.js';
import { lockLabUser, prepareLabUser } from './lab-user.js';
import type { LabTls } from './run-scenario.js';
import { sweepStale } from './topology.js';

/** Registers the suite's before() and after(); the returned function gives the certificates, if openssl made them. */
export function labSuite(): () => LabTls | undefined {
  let certs: TestCerts | undefined;
  let tls: LabTls | undefined;
  let releaseCerts: (() => void) | undefined;
  before(() => {
    sweepStale();
    prepareLabUser();
    if (opensslAvailable()) {
      const made = makeCerts(['IP:198.18.2.2', 'IP:198.18.0.2']);
      certs = made;
      releaseCerts = onInterrupt(() => made.cleanup());
      tls = { caFile: made.caFile, key: made.good.key, cert: made.good.cert, expiring: made.expiring };
    }
  });
  after(() => {
    lockLabUser();
    releaseCerts?.();
    certs?.cleanup();
  });
  return () => tls;
}
