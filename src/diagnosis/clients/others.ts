// Clients not run in the lab, judged only where their documented defaults decide: plain FTP or TLS, and
// passive or active. Which passive command they send and whether they follow PASV's address is left to
// passiveWhicheverCommand, which answers only where that cannot matter.
import { activeJudgement, type Judgement, no, passiveWhicheverCommand, unknown } from './judgement.js';
import type { Situation } from './situation.js';
import type { ClientTable } from './table.js';

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
export const filezillaTable: ClientTable = {
  client: 'filezilla',
  versions: '3.x',
  defaultMode: 'passive',
  tls: (s) =>
    s.session.kind === 'tls-required' || s.tls !== 'none' || s.offersTls
      ? unknown('FileZilla uses explicit TLS where the server offers it, and asks about unknown certificates')
      : undefined,
  passive: (s) => passiveWhicheverCommand(s, 'Site Manager › Transfer Settings › Transfer mode'),
  active: (s) => activeJudgement(s, 'Site Manager › Transfer Settings › Transfer mode: Active'),
};

// WinSCP: the FTP protocol's encryption defaults to "No encryption", passive mode is on (WinSCP
// documentation, Login dialog and Connection page).
export const winscpTable: ClientTable = {
  client: 'winscp',
  versions: '5.x and 6.x',
  defaultMode: 'passive',
  tls: plainUnlessTold('WinSCP', 'Encryption: TLS/SSL Explicit encryption'),
  passive: (s) => passiveWhicheverCommand(s, 'Advanced › Connection › Force IP address for passive mode connections'),
  active: (s) => activeJudgement(s, 'Advanced › Connection › Passive mode off'),
};

// .NET FtpWebRequest: UsePassive defaults to true and EnableSsl to false (.NET API reference).
export const dotnetFtpWebRequestTable: ClientTable = {
  client: 'dotnet-ftpwebrequest',
  versions: '.NET Framework 2.0 and later, .NET',
  defaultMode: 'passive',
  tls: plainUnlessTold('FtpWebRequest', 'EnableSsl = true'),
  passive: (s) => passiveWhicheverCommand(s, 'UsePassive'),
  active: (s) => activeJudgement(s, 'UsePassive = false'),
};

// FluentFTP: Config.EncryptionMode defaults to None and Config.DataConnectionType to AutoPassive
// (FluentFTP wiki, FtpConfig).
export const fluentftpTable: ClientTable = {
  client: 'fluentftp',
  versions: '40 and later',
  defaultMode: 'passive',
  tls: plainUnlessTold('FluentFTP', 'Config.EncryptionMode = FtpEncryptionMode.Explicit (ValidateAnyCertificate)'),
  passive: (s) => passiveWhicheverCommand(s, 'Config.DataConnectionType'),
  active: (s) => activeJudgement(s, 'Config.DataConnectionType = FtpDataConnectionType.AutoActive'),
};

// Windows Explorer: "Use Passive FTP" is on by default (Internet Options › Advanced); neither Explorer
// nor ftp.exe speaks FTPS (Microsoft's ftp command reference has no TLS option); ftp.exe is active only.
export const windowsExplorerTable: ClientTable = {
  client: 'windows-explorer',
  versions: 'Windows 10 and 11 (ftp.exe for active mode)',
  defaultMode: 'passive',
  tls: (s) =>
    s.session.kind === 'tls-required' || s.tls !== 'none'
      ? no('neither Windows Explorer nor ftp.exe speaks FTPS')
      : undefined,
  passive: (s) => passiveWhicheverCommand(s, 'Internet Options › Advanced › Use Passive FTP'),
  active: (s) => activeJudgement(s, 'ftp.exe (active mode only)'),
};

// wget: passive by default (--no-passive-ftp turns it off); ftp:// is plain FTP, ftps:// explicit FTPS
// and --ftps-implicit implicit FTPS (man wget, 1.21).
export const wgetTable: ClientTable = {
  client: 'wget',
  versions: '1.18 and later',
  defaultMode: 'passive',
  tls: plainUnlessTold('wget', 'an ftps:// URL (and --ftps-implicit for implicit FTPS)'),
  passive: (s) => passiveWhicheverCommand(s, 'passive_ftp in .wgetrc'),
  active: (s) => activeJudgement(s, '--no-passive-ftp'),
};
