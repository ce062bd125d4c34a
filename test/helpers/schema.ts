// Every JSON document the tests get from the CLI is validated against the published JSON Schema.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Report } from '../../src/model/report.js';
import type { ReportSet } from '../../src/report/json.js';

/** The parts of a JSON Schema that the tests read (ajv checks the whole against the 2020-12 meta-schema). */
export interface SchemaNode {
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  required?: string[];
  additionalProperties?: boolean;
  unevaluatedProperties?: boolean;
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
}

export const SCHEMA = JSON.parse(
  readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'),
) as SchemaNode & { $defs: Record<string, SchemaNode> };
// Formats (date-time) are documentation here; ajv-formats would add a dependency for no test value.
const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
const validate = ajv.compile(SCHEMA);

/** Throws with ajv's messages when `document` does not match the schema. */
export function assertSchema(document: unknown): void {
  if (validate(document)) return;
  throw new Error(
    `JSON output does not match schema/report.schema.json: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
  );
}

/** One report for one target, as `--json` prints it, parsed and checked against the schema. */
export function parseReport(json: string): Report {
  const document: unknown = JSON.parse(json);
  assertSchema(document);
  // The schema is what Report describes (test/unit/schema.test.ts keeps its lists in step with the code).
  if (typeof document === 'object' && document !== null && 'results' in document)
    throw new Error('expected the report of one target, got several');
  return document as Report;
}

/** The reports of several targets in one document, parsed and checked against the schema. */
export function parseReportSet(json: string): ReportSet {
  const document: unknown = JSON.parse(json);
  assertSchema(document);
  if (typeof document !== 'object' || document === null || !('results' in document))
    throw new Error('expected the reports of several targets, got one');
  return document as ReportSet;
}
