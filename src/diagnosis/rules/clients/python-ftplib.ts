// Python's ftplib with its defaults. Sources: the library's documentation and Lib/ftplib.py (3.11):
// - FTP.set_pasv: "Passive mode is on by default"; set_pasv(False) uses PORT (EPRT over IPv6).
// - makepasv(): PASV over IPv4, EPSV over IPv6 only; no fallback between them.
// - FTP.trust_server_pasv_ipv4_address = False (since 3.9.3 / 3.8.9, the changelog's bpo-43285): the
//   data connection goes to the control connection's address, whatever PASV names.
// - FTP speaks plain FTP; FTP_TLS speaks explicit FTPS only (AUTH TLS, no implicit FTPS), leaves data
//   connections in the clear until prot_p(), and its default context does not verify certificates.
import { activeJudgement, type Judgement, no, onePath, unknown } from './judgement.js';
import type { Situation } from './situation.js';
import type { ClientTable } from './table.js';

function tls(s: Situation): Judgement | undefined {
  if (s.session.kind === 'tls-required')
    return no('the server wants TLS before login, and ftplib.FTP speaks plain FTP', 'ftplib.FTP_TLS with prot_p()');
  if (s.tls === 'implicit') return no('ftplib speaks explicit FTPS (AUTH TLS) only, not implicit FTPS');
  if (s.tls === 'explicit')
    return unknown(
      'FTP_TLS leaves data connections in the clear until prot_p(), which this check did not try',
      'ftps.prot_p()',
    );
  return undefined;
}

function passive(s: Situation): Judgement {
  const setting = s.active === 'works' ? 'ftp.set_pasv(False)' : null;
  return s.family === 6 ? onePath('EPSV', s.epsv, setting) : onePath('PASV', s.pasv, setting);
}

export const pythonFtplibTable: ClientTable = {
  client: 'python-ftplib',
  versions: '3.9.3 / 3.8.9 and later',
  defaultMode: 'passive',
  tls,
  passive,
  active: (s) => activeJudgement(s, 'ftp.set_pasv(False)'),
};
