import type { Rule } from '../rule.js';

export const tlsOffered: Rule<'tls-offered'> = {
  code: 'tls-offered',
  title: 'The server offers FTP over TLS',
  severity: 'info',
  stage: 'login',
  explanation:
    'The server announces AUTH TLS in its feature list: it supports encrypted FTP (explicit FTPS). This check used plain FTP, where passwords and data travel readable by anyone on the path. Run it again with --tls to check the encrypted path, which firewalls treat differently.',
  likelyRule: 'None: a hint.',
  fix: [{ role: 'user', text: 'Check with `ftpcheck --tls HOST`, and prefer FTPS in your client.' }],
  match(o) {
    if (o.tlsRequest || o.login?.kind !== 'logged-in') return [];
    const auth = o.login.features?.find((f) => /^AUTH\b.*\b(TLS|SSL)\b/i.test(f));
    return auth ? [{ evidence: `FEAT lists "${auth}".` }] : [];
  },
};
