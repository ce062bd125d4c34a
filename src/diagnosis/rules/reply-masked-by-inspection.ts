import { isMaskedReply } from '../../protocol/masked.js';
import { describeReply } from './wording/replies.js';
import type { Match, Rule } from './rule.js';

export const replyMaskedByInspection: Rule<'reply-masked-by-inspection'> = {
  code: 'reply-masked-by-inspection',
  title: "A firewall inspecting FTP masks the server's replies",
  severity: 'info',
  stage: 'login',
  explanation:
    "The text of a reply is nothing but X's or asterisks: not what an FTP server writes, but what an " +
    'FTP-inspecting firewall puts in its place. Cisco ASA and PIX replace the reply to SYST with X’s when they ' +
    'inspect FTP (so that clients do not learn the server’s system), and with `mask-banner` the greeting ' +
    'with asterisks. So such a firewall reads and rewrites this control connection: it also opens the data ' +
    'ports it reads from PASV and PORT, drops data ports below 1024 and, in strict mode, commands it finds ' +
    'unusual — and it is blind to FTPS. Clients are not affected by the masking itself.',
  likelyRule:
    'Cisco ASA/PIX FTP inspection (`inspect ftp`, `inspect ftp strict`; `mask-syst-reply` is its default, ' +
    '`mask-banner` an option), or another firewall that inspects and rewrites FTP.',
  confirm: [
    'From a machine on the same network as the server (not through the firewall), SYST and the greeting read normally.',
    'On an ASA: `show service-policy inspect ftp` counts the inspected connections.',
  ],
  fix: [
    {
      role: 'network-admin',
      text:
        'If the server’s real replies are needed (clients that pick a listing parser by SYST): in the FTP ' +
        'inspection policy map, `parameters` → `no mask-syst-reply` (and `no mask-banner`). Keep in mind ' +
        'that this firewall opens passive ports by reading PASV/EPSV: with FTPS, open the passive range ' +
        'explicitly instead.',
    },
    {
      role: 'user',
      text: 'Nothing needed for transfers; if the client guesses the listing format wrongly, set the server type in the client.',
    },
  ],
  match(o) {
    const matches: Match[] = [];
    if (o.greeting?.kind === 'greeted' && isMaskedReply(o.greeting.reply))
      matches.push({
        stage: 'greeting',
        evidence: `The greeting reads ${describeReply(o.greeting.reply)}: its text is masked.`,
      });
    if (o.login?.kind === 'logged-in')
      for (const e of o.login.exchanges)
        if (e.command === 'SYST' && e.result.kind === 'reply' && isMaskedReply(e.result.reply))
          matches.push({ evidence: `SYST was answered ${describeReply(e.result.reply)}: its text is masked.` });
    return matches;
  },
};
