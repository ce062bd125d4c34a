// The parts of a client verdict that hold for every client: the session got nowhere, the active
// connection back, and passive mode where the client's choice cannot matter. Pure.
import type { ClientWorks } from '../../../model/clients.js';
import type { DataPath, Situation } from './situation.js';

export interface Judgement {
  works: ClientWorks;
  because: string;
  setting: string | null;
}

export const yes = (because: string, setting: string | null = null): Judgement => ({ works: 'yes', because, setting });
export const no = (because: string, setting: string | null = null): Judgement => ({ works: 'no', because, setting });
export const unknown = (because: string, setting: string | null = null): Judgement => ({
  works: 'unknown',
  because,
  setting,
});

export const failed = (p: DataPath): boolean => p === 'fails' || p === 'refused';

/** The session did not reach a login that any client could use, or the check stopped before. */
export function sessionGate(s: Situation): Judgement | undefined {
  if (s.session.kind === 'failed') return no(s.session.why);
  if (s.session.kind === 'unknown') return unknown(s.session.why);
  return undefined;
}

/**
 * TLS as the check used it, for a client that verifies the server's certificate: a certificate problem
 * stops it, and a server that requires TLS session reuse on data connections leaves it open whether the
 * client's own reuse satisfies it.
 */
export function verifyingTls(s: Situation, client: string, trustSetting: string): Judgement | undefined {
  if (s.certificateProblems.length > 0)
    return no(`${client} verifies the certificate (${s.certificateProblems.join(', ')})`, trustSetting);
  if (s.reuseRefused)
    return unknown("the server refused a data connection that did not resume the control connection's TLS session");
  return undefined;
}

/** One passive command's data connection, for a client that sends only that command. */
export function onePath(command: 'EPSV' | 'PASV', path: DataPath, otherwise: string | null): Judgement {
  switch (path) {
    case 'works':
      return yes(`${command}'s data connection and listing worked`);
    case 'fails':
      return no(`${command}'s data connection or listing failed`, otherwise);
    case 'refused':
      return no(`the server refused ${command}`, otherwise);
    case 'untested':
      return unknown(`${command}'s data connection was not tested`, otherwise);
  }
}

/** Active mode: the server connects back to this machine, as it did (or not) for ftpcheck. */
export function activeJudgement(s: Situation, setting: string): Judgement {
  switch (s.active) {
    case 'works':
      return yes("the server's connection back to this machine arrived and the listing worked", setting);
    case 'fails':
      return no("the server's active-mode data connection or its listing failed", setting);
    case 'refused':
      return no('the server refused PORT/EPRT', setting);
    case 'untested':
      return unknown('active mode was not tested', setting);
  }
}

/**
 * Passive mode where it cannot matter which command the client sends or whether it follows PASV's
 * address: both commands' data connections worked and PASV named the server's own address, or neither
 * worked. Otherwise it depends on the client's choices, which are not documented for this client.
 */
export function passiveWhicheverCommand(s: Situation, setting: string): Judgement {
  if (s.family === 6) return onePath('EPSV', s.epsv, setting);
  const own = s.pasvRelation === 'same';
  if (s.epsv === 'works' && s.pasv === 'works' && own)
    return yes("EPSV and PASV both worked, and PASV named the server's own address");
  if (failed(s.epsv) && failed(s.pasv) && (own || s.pasvRelation === undefined))
    return no('neither EPSV nor PASV gave a working data connection', setting);
  return unknown("it depends on which passive command it sends and whether it follows PASV's address", setting);
}
