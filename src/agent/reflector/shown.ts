// How the reflector repeats what a client sent in its replies: made visible (the client's text may
// hold control characters) and cut short, so that a reply stays one readable line.
import type { Endpoint } from '../../model/connections.js';
import { visible } from '../../safety/visible.js';

/** The most characters of a client's argument kept in a view or repeated in a reply. */
export const SHOWN = 120;

export const show = (text: string): string => visible(text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);

export const endpointText = (e: Endpoint): string =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
