import type { Rule } from './rule.js';

export const tlsOffered: Rule<'tls-offered'> = {
  code: 'tls-offered',
  title: 'The server offers FTP over TLS',
  severity: 'info',
  stage: 'login',
  explanation:
    'The server announces AUTH TLS in its feature list and accepts it: it supports encrypted FTP (explicit FTPS). ' +
    'This check used plain FTP, where passwords and data travel readable by anyone on the path. ' +
    'Run it again with --tls to check the encrypted path, which firewalls treat differently.',
  likelyRule: 'None: a hint.',
  confirm: ['`curl -v --ssl-reqd ftp://HOST/` logs in over TLS.'],
  fix: [{ role: 'user', text: 'Check with `ftpcheck --tls HOST`, and prefer FTPS in your client.' }],
  match(o) {
    const probe = o.authTlsProbe?.result;
    if (o.tlsRequest || probe?.kind !== 'reply' || probe.reply.code !== 234) return [];
    return [{ evidence: "FEAT lists AUTH TLS, and a second connection's AUTH TLS was accepted (234)." }];
  },
};
