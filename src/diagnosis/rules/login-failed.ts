import { describeReply } from './wording/replies.js';
import { seconds } from './wording/phrases.js';
import type { Rule } from './rule.js';

export const loginFailed: Rule<'login-failed'> = {
  code: 'login-failed',
  title: 'The server refuses the login',
  severity: 'error',
  stage: 'login',
  explanation:
    'The connection and the greeting worked, so the network path to the control port is fine. ' +
    'The server then refused the user name or password: the password is wrong, ' +
    'the account does not exist or is locked, the user may not use FTP, or anonymous logins are disabled. ' +
    'Servers often delay this answer by a few seconds on purpose to slow down password guessing.',
  likelyRule:
    "No firewall rule: the server's authentication refused the credentials (wrong password, unknown or blocked user, anonymous access disabled).",
  confirm: [
    'Log in with another client (`curl -u USER ftp://HOST/`): "530" again confirms the credentials are refused.',
    "The server's log names the reason (unknown user, wrong password, user denied).",
  ],
  fix: [
    {
      role: 'user',
      text:
        'Check the user name and password (ftpcheck takes the password from FTPCHECK_PASSWORD or --password-stdin). ' +
        'For anonymous access, ask whether the server offers it at all.',
    },
    {
      role: 'server-admin',
      text:
        "Check the account and the server's log. vsftpd: `local_enable=YES` for system users, " +
        '`anonymous_enable=YES` for anonymous, /etc/ftpusers and `userlist_enable` deny lists, ' +
        'the PAM service in `pam_service_name`; ProFTPD: `<Anonymous>` section, `RequireValidShell`; ' +
        'Pure-FTPd: `-E` (no anonymous) and its user database; ' +
        "IIS: the site's authentication methods and authorization rules.",
    },
  ],
  match(o) {
    const l = o.login;
    if (l?.kind !== 'refused' || l.tlsRequired) return [];
    const who = l.user === 'anonymous' || l.user === 'ftp' ? 'Anonymous login' : `Login as ${l.user}`;
    return [
      { evidence: `${who} was refused: ${l.command} answered ${describeReply(l.reply)} after ${seconds(l.ms)}.` },
    ];
  },
};
