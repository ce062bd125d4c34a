// Clients not run in the lab, judged only where their documented defaults decide: plain FTP or TLS, and
// passive or active. Which passive command they send and whether they follow PASV's address is left to
// passiveWhicheverCommand, which answers only where that cannot matter.
import { activeJudgement, type Judgement, no, passiveWhicheverCommand, unknown } from './judgement.js';
import type { Situation } from './situation.js';
import type { ClientTable } from './table.js';

/**
 * A client passive by default and judged by the shared parts alone: its TLS behaviour, and the settings
 * that name its passive options and its active mode.
 */
function documented(d: {
  client: ClientTable['client'];
  versions: string;
  tls: ClientTable['tls'];
  passiveSetting: string;
  activeSetting: string;
}): ClientTable {
  return {
    client: d.client,
    versions: d.versions,
    defaultMode: 'passive',
    tls: d.tls,
    passive: (s) => passiveWhicheverCommand(s, d.passiveSetting),
    active: (s) => activeJudgement(s, d.activeSetting),
  };
}

/** A client that speaks plain FTP unless a setting turns TLS on. */
function plainUnlessTold(name: string, setting: string) {
  return (s: Situation): Judgement | undefined => {
    if (s.session.kind === 'tls-required')
      return no(`the server wants TLS before login, and ${name} uses plain FTP by default`, setting);
    if (s.tls !== 'none') return unknown(`TLS in ${name} takes a setting; how it then behaves was not judged`, setting);
    return undefined;
  };
}

// FileZilla: a new site's encryption is "Use explicit FTP over TLS if available" and the transfer mode
// "Default" (passive) (FileZilla wiki, Site Manager). With TLS offered it encrypts, which a plain check
// does not test.
export const filezillaTable = documented({
  client: 'filezilla',
  versions: '3.x',
  tls: (s) =>
    s.session.kind === 'tls-required' || s.tls !== 'none' || s.offersTls
      ? unknown('FileZilla uses explicit TLS where the server offers it, and asks about unknown certificates')
      : undefined,
  passiveSetting: 'Site Manager › Transfer Settings › Transfer mode',
  activeSetting: 'Site Manager › Transfer Settings › Transfer mode: Active',
});

// WinSCP: the FTP protocol's encryption defaults to "No encryption", passive mode is on (WinSCP
// documentation, Login dialog and Connection page).
export const winscpTable = documented({
  client: 'winscp',
  versions: '5.x and 6.x',
  tls: plainUnlessTold('WinSCP', 'Encryption: TLS/SSL Explicit encryption'),
  passiveSetting: 'Advanced › Connection › Force IP address for passive mode connections',
  activeSetting: 'Advanced › Connection › Passive mode off',
});

// .NET FtpWebRequest: UsePassive defaults to true and EnableSsl to false (.NET API reference).
export const dotnetFtpWebRequestTable = documented({
  client: 'dotnet-ftpwebrequest',
  versions: '.NET Framework 2.0 and later, .NET',
  tls: plainUnlessTold('FtpWebRequest', 'EnableSsl = true'),
  passiveSetting: 'UsePassive',
  activeSetting: 'UsePassive = false',
});

// FluentFTP: Config.EncryptionMode defaults to None and Config.DataConnectionType to AutoPassive
// (FluentFTP wiki, FtpConfig).
export const fluentftpTable = documented({
  client: 'fluentftp',
  versions: '40 and later',
  tls: plainUnlessTold('FluentFTP', 'Config.EncryptionMode = FtpEncryptionMode.Explicit (ValidateAnyCertificate)'),
  passiveSetting: 'Config.DataConnectionType',
  activeSetting: 'Config.DataConnectionType = FtpDataConnectionType.AutoActive',
});

// Windows Explorer: "Use Passive FTP" is on by default (Internet Options › Advanced); neither Explorer
// nor ftp.exe speaks FTPS (Microsoft's ftp command reference has no TLS option); ftp.exe is active only.
export const windowsExplorerTable = documented({
  client: 'windows-explorer',
  versions: 'Windows 10 and 11 (ftp.exe for active mode)',
  tls: (s) =>
    s.session.kind === 'tls-required' || s.tls !== 'none'
      ? no('neither Windows Explorer nor ftp.exe speaks FTPS')
      : undefined,
  passiveSetting: 'Internet Options › Advanced › Use Passive FTP',
  activeSetting: 'ftp.exe (active mode only)',
});

// wget: passive by default (--no-passive-ftp turns it off); ftp:// is plain FTP, ftps:// explicit FTPS
// and --ftps-implicit implicit FTPS (man wget, 1.21).
export const wgetTable = documented({
  client: 'wget',
  versions: '1.18 and later',
  tls: plainUnlessTold('wget', 'an ftps:// URL (and --ftps-implicit for implicit FTPS)'),
  passiveSetting: 'passive_ftp in .wgetrc',
  activeSetting: '--no-passive-ftp',
});
