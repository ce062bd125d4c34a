import { describeReplyResult } from './wording/replies.js';
import type { Rule } from './rule.js';

export const modCopyUnauthenticated: Rule<'mod-copy-unauthenticated'> = {
  code: 'mod-copy-unauthenticated',
  title: 'The server takes SITE CPFR before login (ProFTPD mod_copy)',
  severity: 'error',
  stage: 'login',
  explanation:
    "ProFTPD's mod_copy adds SITE CPFR (copy from) and SITE CPTO (copy to), a copy done by the server " +
    'itself. Versions with CVE-2015-3306 accept them before any login: anyone can copy any file the server ' +
    'process can read to anywhere it can write (into a web root, for example) and run code that way. ' +
    'ftpcheck asked `SITE CPFR /` on a connection of its own, before logging in, and the server answered ' +
    '350 ("ready for destination name"). It never sends SITE CPTO, so nothing was copied.',
  likelyRule: 'None: an unpatched ProFTPD with mod_copy loaded (CVE-2015-3306). Found with --audit.',
  confirm: [
    'On a new connection, before USER: `SITE CPFR /` answered 350 (a patched server answers 530, please log in).',
    '`proftpd -l` lists mod_copy.c; `proftpd -v` shows the version.',
  ],
  fix: [{ role: 'server-admin', text: 'Upgrade ProFTPD (1.3.5a or later fixes CVE-2015-3306), or unload mod_copy.' }],
  serverSettings: () => ({
    proftpd: 'remove `LoadModule mod_copy.c` (modules.conf), or `<IfModule mod_copy.c> CopyEngine off </IfModule>`',
  }),
  match(o) {
    const m = o.modCopy;
    if (!o.posture.audit || m?.kind !== 'ran') return [];
    const r = m.exchange.result;
    if (r.kind !== 'reply' || r.reply.code !== 350) return [];
    return [
      {
        evidence:
          `\`${m.exchange.command}\` before any login was answered ${describeReplyResult(r)}; ` +
          'ftpcheck sent no SITE CPTO after it, so nothing was copied.',
      },
    ];
  },
};
