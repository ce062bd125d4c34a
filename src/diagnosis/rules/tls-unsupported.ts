import type { FixStep } from '../../model/findings.js';
import { serverKind } from '../../protocol/banner.js';
import { describeReplyResult } from './wording/replies.js';
import { serverSoftwareOf } from '../facts/common.js';
import type { Rule } from './rule.js';

/**
 * 534 is RFC 2228's "request denied for policy reasons". IIS gives it to AUTH TLS ("534 Local policy on
 * server does not allow TLS secure connections.", and "534 Policy requires SSL." to USER) when its FTP
 * SSL settings allow or require SSL but no certificate is bound to the site: TLS is wanted, not missing.
 */
const POLICY_RULE =
  'No firewall rule: the server refuses TLS by policy (534). IIS answers so when its FTP SSL settings allow or ' +
  'require SSL but no SSL certificate is bound to the FTP site.';

const BIND_IIS_CERTIFICATE: FixStep = {
  role: 'server-admin',
  server: 'iis',
  text:
    'IIS FTP: in IIS Manager select the FTP site → FTP SSL Settings → SSL Certificate: choose a certificate for ' +
    "the name clients use (from the computer's Personal store), keep the SSL policy, Apply, and restart the " +
    'FTP service (`net stop ftpsvc && net start ftpsvc`).',
};

const POLICY_ELSEWHERE: FixStep = {
  role: 'server-admin',
  text:
    '534 means a policy on the server refuses TLS for this client: its log names the rule (per user, per ' +
    'address, or TLS switched on without a certificate).',
};

export const tlsUnsupported: Rule<'tls-unsupported'> = {
  code: 'tls-unsupported',
  title: 'The server does not offer FTP over TLS',
  severity: 'error',
  stage: 'tls',
  explanation:
    'ftpcheck asked the server to switch the control connection to TLS (AUTH TLS), ' +
    'as an FTPS client does, and the server refused. The server has no TLS configured, or TLS is switched off. ' +
    'Clients set to "require explicit FTP over TLS" cannot connect.',
  likelyRule: 'No firewall rule: TLS is not enabled on the server (or a proxy in front of it strips AUTH TLS).',
  confirm: ['`curl -v --ssl-reqd ftp://HOST/` shows the refused AUTH TLS.'],
  fix: [
    {
      role: 'server-admin',
      text: 'Enable explicit FTPS with a certificate for the name clients use (the setting for each server is below).',
    },
    { role: 'user', text: 'If the server is meant to use implicit FTPS, check it as ftps://host (port 990).' },
  ],
  serverSettings: () => ({
    vsftpd: 'ssl_enable=YES with rsa_cert_file= and rsa_private_key_file=',
    proftpd: 'TLSEngine on with TLSRSACertificateFile and TLSRSACertificateKeyFile (mod_tls)',
    'pure-ftpd': 'TLS 1 (or 2 to require it) and a certificate in /etc/ssl/private/pure-ftpd.pem',
    filezilla: 'Server listeners: a TLS certificate and "Explicit FTP over TLS"',
    iis: 'FTP SSL Settings: choose an SSL certificate',
    'ftp-srv': 'a tls option with key and cert',
  }),
  match(o) {
    const result = o.tls?.kind === 'auth-refused' ? o.tls.exchange.result : undefined;
    if (result?.kind !== 'reply') return [];
    const evidence = `AUTH TLS was answered ${describeReplyResult(result)}.`;
    if (result.reply.code !== 534) return [{ evidence }];
    // The IIS step for IIS and for a server that did not say what it is; the general one for the rest.
    const kind = serverKind(serverSoftwareOf(o));
    const fixFirst = [
      ...(kind === undefined || kind === 'iis' ? [BIND_IIS_CERTIFICATE] : []),
      ...(kind === 'iis' ? [] : [POLICY_ELSEWHERE]),
    ];
    return [{ evidence, likelyRule: POLICY_RULE, fixFirst }];
  },
};
