// Server versions with public, remotely reachable weaknesses, as the server names itself (greeting, SYST,
// FEAT). Pure, and small on purpose: only entries whose versions the advisories name. A version in a
// banner is not proof: distributions backport fixes without changing it, so findings say "announces".
// Sources: the NVD entry of each CVE, and the projects' own announcements for the two replaced tarballs.

/** A version as servers print it: numbers, then a letter or rcN (ProFTPD 1.3.5b, 1.3.6rc1). */
interface Version {
  numbers: number[];
  /** rcN sorts before the release, a letter after it (1.3.6rc1 < 1.3.6 < 1.3.6a). */
  suffix: number;
}

function parseVersion(text: string): Version | undefined {
  const m = /^(\d+(?:\.\d+)*)(?:(rc)(\d+)|([a-z]))?$/i.exec(text);
  if (!m?.[1]) return undefined;
  const suffix = m[2] ? -1000 + Number(m[3]) : m[4] ? m[4].toLowerCase().charCodeAt(0) - 96 : 0;
  return { numbers: m[1].split('.').map(Number), suffix };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.suffix - b.suffix;
}

export interface KnownWeakness {
  /** The software as protocol/banner.ts names it. */
  software: 'vsftpd' | 'ProFTPD';
  /** Affected versions, inclusive; one version when both are the same. */
  from: string;
  to: string;
  cve: string | null;
  /** What it is, in one sentence. */
  what: string;
  /** The first version without it, as the advisory says. */
  fixed: string;
  /** Whether it needs a module or setting that the version alone does not show. */
  condition?: string;
  /** The TCP port a backdoor of this release listens on: --audit connects and closes, sending nothing. */
  backdoorPort?: number;
}

export const KNOWN_WEAKNESSES: readonly KnownWeakness[] = [
  {
    // NVD CVE-2011-2523: "vsftpd 2.3.4 downloaded between 20110630 and 20110703 contains a backdoor which
    // opens a shell on port 6200/tcp."
    software: 'vsftpd',
    from: '2.3.4',
    to: '2.3.4',
    cve: 'CVE-2011-2523',
    what: 'the 2.3.4 tarball was replaced by a backdoored one for a few days (a user name ending in ":)" opens a shell on TCP port 6200)',
    fixed: '2.3.5 (or a 2.3.4 built from a verified tarball)',
    backdoorPort: 6200,
  },
  {
    // The ProFTPD project's announcement (2010-12-01): the 1.3.3c source tarball on its main FTP server
    // was replaced by a backdoored one from 2010-11-28 to 2010-12-02. No CVE id was assigned.
    software: 'ProFTPD',
    from: '1.3.3c',
    to: '1.3.3c',
    cve: null,
    what: 'the 1.3.3c source tarball was replaced by a backdoored one for a few days (a command "HELP ACIDBITCHEZ" opens a root shell)',
    fixed: '1.3.3d (or a 1.3.3c built from a verified tarball)',
  },
  {
    // NVD CVE-2010-4221: stack-based buffer overflows in pr_netio_telnet_gets "in ProFTPD before 1.3.3c"
    // via a TELNET IAC escape (introduced in 1.3.2rc3).
    software: 'ProFTPD',
    from: '1.3.2rc3',
    to: '1.3.3b',
    cve: 'CVE-2010-4221',
    what: 'a stack overflow in the handling of TELNET IAC sequences on the control connection, before login',
    fixed: '1.3.3c',
  },
  {
    // NVD CVE-2015-3306: "The mod_copy module in ProFTPD 1.3.5 allows remote attackers to read and write
    // to arbitrary files via the site cpfr and site cpto commands."
    software: 'ProFTPD',
    from: '1.3.5',
    to: '1.3.5',
    cve: 'CVE-2015-3306',
    what: 'mod_copy lets anyone copy files with SITE CPFR/CPTO without logging in',
    fixed: '1.3.5a',
    condition: 'with mod_copy loaded (it is in the default build)',
  },
  {
    // NVD CVE-2019-12815: "An arbitrary file copy vulnerability in mod_copy in ProFTPD up to 1.3.5b allows
    // for remote code execution and information disclosure without authentication".
    software: 'ProFTPD',
    from: '1.3.5',
    to: '1.3.5b',
    cve: 'CVE-2019-12815',
    what: 'mod_copy ignores <Limit READ>/<Limit WRITE>: anonymous users can copy files they may not read or write',
    // The fix (ProFTPD bug 4372) shipped in 1.3.5e and 1.3.6b.
    fixed: '1.3.5e (1.3.6b in the 1.3.6 series)',
    condition: 'with mod_copy loaded (it is in the default build)',
  },
];

/** The weaknesses of the software a server names ("vsftpd 2.3.4", "ProFTPD 1.3.5"), from the table. */
export function knownWeaknesses(software: string | undefined): KnownWeakness[] {
  const m = /^(vsftpd|ProFTPD) (\S+)$/.exec(software ?? '');
  const version = m?.[2] === undefined ? undefined : parseVersion(m[2]);
  if (!m || !version) return [];
  return KNOWN_WEAKNESSES.filter((w) => {
    const from = parseVersion(w.from);
    const to = parseVersion(w.to);
    return w.software === m[1] && from && to && compare(version, from) >= 0 && compare(version, to) <= 0;
  });
}

/** The port a backdoor of the software a server names listens on, if its table entry has one. */
export function backdoorPortOf(software: string | undefined): number | undefined {
  return knownWeaknesses(software).find((w) => w.backdoorPort !== undefined)?.backdoorPort;
}
