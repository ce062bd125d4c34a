// curl (the command-line tool; libcurl's defaults are the same) with its default settings.
// Sources, curl's manual page (man curl, 7.88.1):
// - --ftp-pasv: passive is the default; "curl will try the EPSV command first and then PASV".
// - --disable-epsv: without it curl "will normally always first attempt to use EPSV before PASV"; over
//   IPv6 EPSV is necessary.
// - --ftp-skip-pasv-ip: "Since curl 7.74.0 this option is enabled by default": curl connects PASV's data
//   connection to the control connection's address, whatever address the 227 reply names.
// - --disable-eprt / -P: active mode only when asked (-P -); EPRT first, then PORT.
// - --ssl / --ssl-reqd: plain FTP unless asked; ftps:// URLs use implicit TLS; certificates are verified
//   (--cacert, -k to skip).
// Not documented (so "unknown"): whether curl retries with PASV after EPSV's data connection failed, and
// whether its TLS session resumption satisfies a server that requires it on data connections (curl 7.88.1's
// active-mode FTPS transfers failed in the lab against vsftpd, whose require_ssl_reuse is on with TLS).
import { activeJudgement, type Judgement, no, onePath, unknown, verifyingTls, yes } from './judgement.js';
import type { Situation } from './situation.js';
import type { ClientTable } from './table.js';

function tls(s: Situation): Judgement | undefined {
  if (s.session.kind === 'tls-required')
    return no('the server wants TLS before login, and curl uses plain FTP unless asked', '--ssl-reqd');
  if (s.tls === 'none') return undefined;
  return verifyingTls(s, 'curl', '--cacert FILE, or -k');
}

function passive(s: Situation): Judgement {
  const setting = s.active === 'works' ? '-P - (active mode)' : null;
  if (s.family === 6) return onePath('EPSV', s.epsv, setting);
  switch (s.epsv) {
    case 'works':
      return yes("curl sends EPSV first, and EPSV's data connection worked");
    case 'untested':
      return unknown("EPSV's data connection, which curl tries first, was not tested");
    case 'refused':
      if (s.pasv === 'works')
        return yes("EPSV was refused; curl falls back to PASV at the server's own address, which worked");
      return onePath('PASV', s.pasv, setting);
    case 'fails':
      if (s.pasv === 'works')
        return unknown(
          "EPSV's data connection failed and PASV's worked; curl's manual does not say whether it then tries PASV",
          '--disable-epsv',
        );
      return no("neither EPSV's nor PASV's data connection worked", setting);
  }
}

export const curlTable: ClientTable = {
  client: 'curl',
  versions: '7.74.0 and later',
  defaultMode: 'passive',
  tls,
  passive,
  active: (s) =>
    s.tls === 'none'
      ? activeJudgement(s, '-P -')
      : unknown("curl's TLS session resumption on active-mode data connections is not documented", '-P -'),
};
