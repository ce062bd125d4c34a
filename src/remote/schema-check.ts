// A small JSON Schema (2020-12) checker for one purpose: what an agent answers is hostile input, and it
// must have its shape before anything reads it — a report that of ftpcheck/1
// (schema/report.schema.json), the reflector's view that of reflector-view-schema.ts. It knows the
// keywords those schemas use (type, enum, const, required, properties, additionalProperties,
// unevaluatedProperties, items, maxItems, allOf, oneOf, $ref, pattern, minimum, maximum) and refuses a
// schema that uses any other, so a schema cannot grow a keyword this file silently ignores. Pure.

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  unevaluatedProperties?: boolean;
  items?: SchemaNode;
  maxItems?: number;
  allOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

export interface RootSchema extends SchemaNode {
  $defs?: Record<string, SchemaNode>;
}

/** Keywords that only describe (or that the checker deliberately leaves to documentation: format). */
const DESCRIPTIVE = new Set(['$schema', '$id', '$defs', 'title', 'description', 'format', '$comment']);
const KNOWN = new Set([
  '$ref',
  'type',
  'enum',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'maxItems',
  'allOf',
  'oneOf',
  'pattern',
  'minimum',
  'maximum',
]);

/** The first mismatch: where (a JSON pointer) and what. Null when the value matches. */
export interface Mismatch {
  at: string;
  problem: string;
}

interface Outcome {
  mismatch: Mismatch | null;
  /** Property names this schema (and its subschemas that matched) evaluated, for unevaluatedProperties. */
  evaluated: Set<string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(wanted: string, v: unknown): boolean {
  const actual = typeOf(v);
  return wanted === actual || (wanted === 'number' && actual === 'integer');
}

/** Deep equality of JSON values (for const and enum). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

export class SchemaChecker {
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly root: RootSchema) {
    this.assertKnown(root, '#');
  }

  /** Null when `value` matches the root schema (or its definition `def`), else the first mismatch found. */
  check(value: unknown, def?: string): Mismatch | null {
    const schema = def === undefined ? this.root : this.resolve(`#/$defs/${def}`);
    return this.node(schema, value, '').mismatch;
  }

  private assertKnown(schema: unknown, where: string): void {
    if (!isObject(schema)) return;
    for (const [key, sub] of Object.entries(schema)) {
      if (!KNOWN.has(key) && !DESCRIPTIVE.has(key))
        throw new Error(`schema keyword "${key}" at ${where} is not supported`);
      if (key === 'properties' || key === '$defs') {
        if (isObject(sub)) for (const [name, s] of Object.entries(sub)) this.assertKnown(s, `${where}/${key}/${name}`);
      } else if (key === 'allOf' || key === 'oneOf') {
        if (Array.isArray(sub)) sub.forEach((s, i) => this.assertKnown(s, `${where}/${key}/${i}`));
      } else if (key === 'items' || key === 'additionalProperties') {
        this.assertKnown(sub, `${where}/${key}`);
      }
    }
  }

  private resolve(ref: string): SchemaNode {
    const name = /^#\/\$defs\/([\w-]+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : this.root.$defs?.[name];
    if (!target) throw new Error(`schema reference ${ref} cannot be resolved`);
    return target;
  }

  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (!re) {
      re = new RegExp(pattern, 'u');
      this.patterns.set(pattern, re);
    }
    return re;
  }

  private node(schema: SchemaNode, v: unknown, at: string): Outcome {
    const evaluated = new Set<string>();
    const fail = (problem: string, where = at): Outcome => ({ mismatch: { at: where || '/', problem }, evaluated });
    const merge = (o: Outcome): Mismatch | null => {
      for (const key of o.evaluated) evaluated.add(key);
      return o.mismatch;
    };
    if (schema.$ref !== undefined) {
      const m = merge(this.node(this.resolve(schema.$ref), v, at));
      if (m) return { mismatch: m, evaluated };
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => typeMatches(t, v))) return fail(`expected ${types.join(' or ')}, got ${typeOf(v)}`);
    }
    if (schema.const !== undefined && !same(schema.const, v)) return fail(`expected ${JSON.stringify(schema.const)}`);
    if (schema.enum && !schema.enum.some((e) => same(e, v))) return fail('not one of the allowed values');
    if (typeof v === 'string' && schema.pattern !== undefined && !this.regex(schema.pattern).test(v))
      return fail(`does not match ${schema.pattern}`);
    if (typeof v === 'number') {
      if (schema.minimum !== undefined && v < schema.minimum) return fail(`below ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) return fail(`above ${schema.maximum}`);
    }
    if (Array.isArray(v) && schema.maxItems !== undefined && v.length > schema.maxItems)
      return fail(`more than ${schema.maxItems} items`);
    if (Array.isArray(v) && schema.items) {
      for (const [i, item] of v.entries()) {
        const m = this.node(schema.items, item, `${at}/${i}`).mismatch;
        if (m) return { mismatch: m, evaluated };
      }
    }
    for (const sub of schema.allOf ?? []) {
      const m = merge(this.node(sub, v, at));
      if (m) return { mismatch: m, evaluated };
    }
    if (schema.oneOf) {
      const matches = schema.oneOf.map((sub) => this.node(sub, v, at)).filter((o) => o.mismatch === null);
      if (matches.length !== 1)
        return fail(matches.length === 0 ? 'matches none of the allowed shapes' : 'matches several shapes');
      merge(matches[0] ?? { mismatch: null, evaluated: new Set() });
    }
    if (isObject(v)) {
      for (const key of schema.required ?? []) if (!Object.hasOwn(v, key)) return fail(`missing "${key}"`);
      for (const [key, item] of Object.entries(v)) {
        const sub = schema.properties?.[key];
        if (sub) {
          evaluated.add(key);
          const m = this.node(sub, item, `${at}/${key}`).mismatch;
          if (m) return { mismatch: m, evaluated };
        } else if (schema.additionalProperties === false) {
          return fail(`unexpected "${key}"`);
        } else if (isObject(schema.additionalProperties)) {
          evaluated.add(key);
          const m = this.node(schema.additionalProperties, item, `${at}/${key}`).mismatch;
          if (m) return { mismatch: m, evaluated };
        }
      }
      if (schema.unevaluatedProperties === false) {
        const extra = Object.keys(v).find((key) => !evaluated.has(key));
        if (extra !== undefined) return fail(`unexpected "${extra}"`);
      }
    }
    return { mismatch: null, evaluated };
  }
}
