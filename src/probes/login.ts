// Stage login: USER/PASS, then the commands every client sends next (FEAT, SYST, PWD, TYPE I).
import type { Exchange, Reply, ReplyResult } from '../model/exchanges.js';
import type { LoginObservation } from '../model/observations.js';
import type { Credentials } from '../model/settings.js';
import type { ControlChannel } from '../net/control.js';
import { serverSoftware } from '../protocol/banner.js';
import { replyText } from '../protocol/reply.js';
import type { ProbeContext } from './context.js';
import { passWait, stepWait } from './context.js';

// What servers say when they refuse a login because the connection is not encrypted:
// vsftpd "530 Non-anonymous sessions must use encryption.", ProFTPD "550 SSL/TLS required on the
// control channel", FileZilla Server "530 This server does not allow plain FTP…", Pure-FTPd "421 Sorry,
// cleartext sessions … are not accepted", IIS "534 Policy requires SSL.".
const TLS_DEMAND = /\b(TLS|SSL|encrypt\w*|cleartext|clear[- ]text|plain FTP|secure\w*|FTPS|AUTH)\b/i;

export function demandsTls(reply: Reply): boolean {
  return [421, 521, 530, 534, 550].includes(reply.code) && TLS_DEMAND.test(replyText(reply));
}

// Servers whose command loop reads one line at a time from a buffer, so that commands sent together
// are answered one by one in order (measured in the lab for vsftpd; ProFTPD and Pure-FTPd read the
// same way). Elsewhere — unknown servers, middleboxes, scripted fixtures — every command waits for the
// reply to the one before.
const PIPELINING_SERVERS = /^220[ -].*\b(vsFTPd|ProFTPD|Pure-FTPd)\b/;

/** Whether the commands after login may be sent together: decided from the greeting's first line. */
export function acceptsPipelining(control: ControlChannel): boolean {
  return PIPELINING_SERVERS.test(control.firstBytes.toString('latin1').split('\n', 1)[0] ?? '');
}

/**
 * USER/PASS and the commands after login. `accepted` is told as soon as USER/PASS were accepted, before
 * the commands after login.
 */
export async function probeLogin(
  control: ControlChannel,
  creds: Credentials,
  ctx: ProbeContext,
  accepted?: () => void,
): Promise<LoginObservation> {
  // RFC 4217: on a TLS control connection, PBSZ 0 and PROT P after login make data connections use TLS too.
  const steps = control.isTls
    ? (['FEAT', 'SYST', 'PWD', 'TYPE I', 'PBSZ 0', 'PROT P'] as const)
    : (['FEAT', 'SYST', 'PWD', 'TYPE I'] as const);
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const exchanges: Exchange[] = [];
  const ask = async (command: string, wait = stepWait(ctx)): Promise<ReplyResult> => {
    const result = await control.command(command, wait);
    exchanges.push({ command: command.startsWith('PASS ') ? 'PASS ****' : command, result });
    return result;
  };
  const read = async (command: string): Promise<ReplyResult> => {
    const result = await control.read(stepWait(ctx));
    exchanges.push({ command, result });
    return result;
  };
  const user = creds.user;

  const userResult = await ask(`USER ${user}`);
  if (userResult.kind !== 'reply')
    return { kind: 'no-reply', ms: elapsed(), user, command: 'USER', result: userResult, exchanges };
  let final = userResult.reply;
  let command: 'USER' | 'PASS' = 'USER';
  if (final.code === 331 || final.code === 332) {
    const passResult = await ask(`PASS ${creds.password}`, passWait(ctx));
    if (passResult.kind !== 'reply')
      return { kind: 'no-reply', ms: elapsed(), user, command: 'PASS', result: passResult, exchanges };
    final = passResult.reply;
    command = 'PASS';
  }
  if (final.code < 200 || final.code >= 300) {
    return { kind: 'refused', ms: elapsed(), user, command, reply: final, tlsRequired: demandsTls(final), exchanges };
  }

  accepted?.();
  // After login: what the server supports and is. These answers inform the report, they do not gate it.
  const info: { features?: string[]; system?: string; directory?: string; protection?: 'P' } = {};
  // Sent together, the replies are read in order; the first that does not come ends the login as the
  // one-by-one order would have (no-reply), and nothing after it is read.
  const together = acceptsPipelining(control);
  if (together) control.sendTogether(steps);
  for (const step of steps) {
    const result = together ? await read(step) : await ask(step);
    if (result.kind !== 'reply') return { kind: 'no-reply', ms: elapsed(), user, command: step, result, exchanges };
    const { reply } = result;
    if (step === 'FEAT' && reply.code === 211)
      info.features = reply.lines
        .slice(1, -1)
        .map((l) => l.trim())
        .filter(Boolean);
    if (step === 'SYST' && reply.code === 215) info.system = replyText(reply);
    if (step === 'PROT P' && reply.code >= 200 && reply.code < 300) info.protection = 'P';
    if (step === 'PWD' && reply.code === 257)
      info.directory = /"((?:[^"]|"")*)"/.exec(replyText(reply))?.[1]?.replace(/""/g, '"');
  }
  return {
    kind: 'logged-in',
    ms: elapsed(),
    user,
    features: info.features,
    system: info.system,
    directory: info.directory,
    software: serverSoftware([info.system ?? '', ...(info.features ?? [])].join(' ')),
    dataProtection: info.protection === 'P' ? 'private' : 'clear',
    exchanges,
  };
}
