// lftp with its default settings. Sources, lftp's manual page (man lftp, 4.9.2):
// - ftp:passive-mode: "Passive mode is the default"; active mode with `set ftp:passive-mode off`.
// - ftp:prefer-epsv: "use EPSV as preferred passive mode. Default is `false'": PASV over IPv4.
// - ftp:fix-pasv-address (default true): "in case when server address is in public network and PASV
//   returns an address from a private network", lftp substitutes the server's address; otherwise it
//   connects where PASV points (ftp:ignore-pasv-address, default false, changes that).
// - ftp:ssl-allow (default true): TLS is negotiated "for non-anonymous access"; ftp:ssl-protect-data and
//   ftp:ssl-protect-list default true; ssl:verify-certificate verifies the server's certificate.
// Not documented (so "unknown"): what lftp does after PASV is refused, and whether its TLS session
// resumption satisfies a server that requires it.
import { activeJudgement, type Judgement, no, onePath, unknown, verifyingTls } from './judgement.js';
import type { Situation } from './situation.js';
import type { ClientTable } from './table.js';

const NOT_TESTED_TLS = 'lftp negotiates TLS for this login (ftp:ssl-allow), which this plain check did not test';

function tls(s: Situation): Judgement | undefined {
  if (s.session.kind === 'tls-required')
    return s.anonymous
      ? no('the server wants TLS before login, and lftp does not use TLS for anonymous logins')
      : unknown(NOT_TESTED_TLS, 'check again with --tls');
  if (s.tls === 'none')
    return s.offersTls && !s.anonymous ? unknown(NOT_TESTED_TLS, 'check again with --tls') : undefined;
  if (s.anonymous && s.tls === 'explicit')
    return unknown('lftp logs in anonymously without TLS, which this TLS check did not test');
  return verifyingTls(s, 'lftp', 'set ssl:ca-file FILE, or set ssl:verify-certificate no');
}

function passive(s: Situation): Judgement {
  const instead =
    s.epsv === 'works' ? 'set ftp:prefer-epsv yes' : s.active === 'works' ? 'set ftp:passive-mode off' : null;
  if (s.family === 6) return onePath('EPSV', s.epsv, s.active === 'works' ? 'set ftp:passive-mode off' : null);
  if (s.pasv === 'refused') return unknown('the server refused PASV, which lftp sends', instead);
  // lftp connects where PASV points, unless fix-pasv-address replaces a private address of a public server.
  const sameAsTested = s.pasvRelation === 'same' || (s.pasvRelation === 'private' && s.peerPublic);
  if (s.pasvRelation !== undefined && !sameAsTested)
    return unknown(
      "PASV named another address than the server's, and lftp connects there (ftpcheck did not)",
      'set ftp:ignore-pasv-address yes',
    );
  return onePath('PASV', s.pasv, instead);
}

export const lftpTable: ClientTable = {
  client: 'lftp',
  versions: '4.x (defaults of 4.9.2)',
  defaultMode: 'passive',
  tls,
  passive,
  active: (s) => activeJudgement(s, 'set ftp:passive-mode off'),
};
