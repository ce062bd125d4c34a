// The FTP server software ftpcheck can recognise, for fixes that name that server's own settings.
export const SERVER_KINDS = ['vsftpd', 'proftpd', 'pure-ftpd', 'filezilla', 'iis', 'ftp-srv'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const SERVER_NAMES: Record<ServerKind, string> = {
  vsftpd: 'vsftpd',
  proftpd: 'ProFTPD',
  'pure-ftpd': 'Pure-FTPd',
  filezilla: 'FileZilla Server',
  iis: 'IIS FTP',
  'ftp-srv': 'ftp-srv',
};
