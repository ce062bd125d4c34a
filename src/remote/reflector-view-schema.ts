// The shape of the reflector's view (GET /api/reflect/NONCE, model/reflect.ts's ReflectorView) as a
// JSON Schema, checked by the same checker as an agent's report (schema-check.ts): an agent's answer is
// read, not trusted, and every field the diagnosis reads must have its type before anything reads it.
// Fields the diagnosis does not read may come too (a newer agent's additions). Lists are bounded: a
// view is a handful of commands, and a list longer than that is not a reflector's.
import type { RootSchema, SchemaNode } from './schema-check.js';

const LISTS_AT_MOST = 64;

const endpoint: SchemaNode = {
  type: 'object',
  required: ['address', 'port'],
  properties: { address: { type: 'string' }, port: { type: 'integer' } },
};
const nullOr = (node: SchemaNode): SchemaNode => ({ oneOf: [{ type: 'null' }, node] });
const list = (item: SchemaNode): SchemaNode => ({ type: 'array', maxItems: LISTS_AT_MOST, items: item });

export const REFLECTOR_VIEW_SCHEMA: RootSchema = {
  type: 'object',
  required: ['peer', 'local', 'tls', 'announced', 'ports', 'callbacks', 'passive'],
  properties: {
    peer: endpoint,
    local: endpoint,
    tls: { type: 'boolean' },
    announced: nullOr({
      type: 'object',
      required: ['text', 'parsed'],
      properties: { text: { type: 'string' }, parsed: nullOr(endpoint) },
    }),
    ports: list({
      type: 'object',
      required: ['command', 'text', 'parsed', 'matchesAnnounced', 'matchesPeer', 'accepted', 'code'],
      properties: {
        command: { enum: ['PORT', 'EPRT'] },
        text: { type: 'string' },
        parsed: nullOr(endpoint),
        matchesAnnounced: { type: ['boolean', 'null'] },
        matchesPeer: { type: 'boolean' },
        accepted: { type: 'boolean' },
        code: { type: 'integer' },
      },
    }),
    callbacks: list({
      type: 'object',
      required: ['to', 'from', 'notFromPort20', 'outcome', 'sent'],
      properties: {
        to: endpoint,
        from: nullOr(endpoint),
        notFromPort20: { type: ['string', 'null'] },
        outcome: { enum: ['connected', 'refused', 'timeout', 'unreachable', 'error'] },
        sent: { type: 'boolean' },
      },
    }),
    passive: list({
      type: 'object',
      required: ['command', 'port', 'from', 'sent'],
      properties: {
        command: { enum: ['PASV', 'EPSV'] },
        port: { type: 'integer' },
        from: nullOr(endpoint),
        sent: { type: 'boolean' },
      },
    }),
  },
};
