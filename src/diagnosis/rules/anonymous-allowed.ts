import { isAnonymousUser } from '../../protocol/posture.js';
import { describeReply } from './wording/replies.js';
import type { Rule } from './rule.js';

export const anonymousAllowed: Rule<'anonymous-allowed'> = {
  code: 'anonymous-allowed',
  title: 'The server accepts anonymous logins',
  severity: 'info',
  stage: 'login',
  explanation:
    'Anyone can log in as "anonymous" (or "ftp") with any password and read what the server offers ' +
    'anonymously. For a public download server that is the point. On a server with real accounts it is ' +
    'usually left on by mistake: files meant for those users may be readable by everyone, and an anonymous ' +
    'upload folder invites abuse. Found with --audit: anonymous logins besides real accounts are a warning.',
  likelyRule: 'None: a server setting (vsftpd enables anonymous access unless told not to in many setups).',
  confirm: ['`curl -v ftp://HOST/` (curl logs in anonymously) lists the files.'],
  fix: [
    {
      role: 'server-admin',
      text: 'Unless the server is meant for public downloads, switch anonymous access off.',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'anonymous_enable=NO in vsftpd.conf',
    proftpd: 'remove the <Anonymous> section from proftpd.conf',
    'pure-ftpd': 'NoAnonymous yes (option -E)',
    filezilla: 'remove or disable the "anonymous" user',
    iis: 'FTP Authentication → Anonymous Authentication → Disable',
    'ftp-srv': "refuse the user names 'anonymous' and 'ftp' in the login handler",
  }),
  match(o) {
    if (!o.posture.audit) return [];
    const l = o.login;
    if (l?.kind === 'logged-in' && isAnonymousUser(l.user))
      return [{ evidence: `The check itself logged in as ${l.user}.` }];
    const probe = o.anonymousLogin;
    if (probe?.kind !== 'ran' || probe.login.kind !== 'logged-in') return [];
    const pass = probe.login.exchanges.find((e) => e.command.startsWith('PASS'))?.result;
    const answer = pass?.kind === 'reply' ? ` (${describeReply(pass.reply)})` : '';
    return [
      {
        severity: 'warning',
        evidence: `Besides ${o.target.user}, an anonymous login was accepted on a connection of its own${answer}.`,
        likelyRule: 'Anonymous access left on beside real accounts.',
      },
    ];
  },
};
