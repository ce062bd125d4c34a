// The shape of one client's behaviour table (src/diagnosis/rules/clients/<client>.ts).
import type { ClientId } from '../../../model/clients.js';
import type { Judgement } from './judgement.js';
import type { Situation } from './situation.js';

export interface ClientTable {
  client: ClientId;
  /** The versions whose defaults the table describes. */
  versions: string;
  /** The data mode the client uses unless told otherwise. */
  defaultMode: 'passive' | 'active';
  /** What TLS decides before the data modes matter (the server wants it, or the check used it); undefined: go on. */
  tls(s: Situation): Judgement | undefined;
  passive(s: Situation): Judgement;
  active(s: Situation): Judgement;
}
