import { knownWeaknesses } from '../../protocol/vulnerable-versions.js';
import { serverSoftwareOf } from '../facts/common.js';
import type { Rule } from './rule.js';

export const knownVulnerableServer: Rule<'known-vulnerable-server'> = {
  code: 'known-vulnerable-server',
  title: 'The server announces a version with a known remote weakness',
  severity: 'warning',
  stage: 'greeting',
  explanation:
    'The server names its software and version (in its greeting, SYST or FEAT), and that version has a ' +
    'public weakness that can be used over the network, or was distributed with a backdoor. ftpcheck judges ' +
    'the announced version only, from a small table of advisories (vsftpd 2.3.4, ProFTPD 1.3.3c, ' +
    'ProFTPD before 1.3.3c, ProFTPD 1.3.5 to 1.3.5b with mod_copy); it never tries the weakness. For vsftpd ' +
    '2.3.4 it only connects to TCP port 6200, where the backdoor opened its shell, and closes at once. ' +
    'A distribution may have fixed it without changing the version, so check the package.',
  likelyRule: 'None: an old or compromised server build. Found with --audit.',
  confirm: [
    "The server's package: `dpkg -l vsftpd proftpd-basic` or `rpm -q vsftpd proftpd`, and its changelog for the CVE.",
    'For vsftpd 2.3.4: the checksum of the source tarball against the signed release.',
  ],
  fix: [
    { role: 'server-admin', text: 'Upgrade the server to the fixed version named in the evidence, or later.' },
    {
      role: 'server-admin',
      text: 'Until then, hide the version from the banner (it does not fix anything, but stops the easy scan).',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'ftpd_banner=… in vsftpd.conf (after upgrading)',
    proftpd: 'ServerIdent on "…" in proftpd.conf; for mod_copy: remove LoadModule mod_copy.c until upgraded',
  }),
  match(o) {
    if (!o.posture.audit) return [];
    const software = serverSoftwareOf(o);
    const knock = o.backdoorPort;
    // vsftpd 2.3.4: whether the backdoor's port answered a bare connect (closed at once, nothing sent).
    const port = knock
      ? knock.result.kind === 'connected'
        ? ` TCP ${String(knock.port)} on the server accepted a connection (closed at once, nothing sent): ` +
          'something listens where the backdoor opens its shell.'
        : ` TCP ${String(knock.port)} on the server did not accept a connection (${knock.result.kind}).`
      : '';
    return knownWeaknesses(software).map((w) => ({
      evidence:
        `The server announces ${software ?? ''}: ${w.cve ?? 'no CVE id'} — ${w.what}` +
        `${w.condition ? `, ${w.condition}` : ''}; fixed in ${w.fixed}.` +
        `${w.backdoorPort !== undefined ? port : ''} Nothing was sent to try it.`,
      // An open backdoor port on the backdoored release is more than a version string.
      severity: w.backdoorPort !== undefined && knock?.result.kind === 'connected' ? 'error' : undefined,
    }));
  },
};
