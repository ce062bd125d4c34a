// Every JSON document the tests get from the CLI is validated against the published JSON Schema.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema: unknown = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
// Formats (date-time) are documentation here; ajv-formats would add a dependency for no test value.
const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
const validate = ajv.compile(schema as object);

/** Throws with ajv's messages when `document` does not match the schema. */
export function assertSchema(document: unknown): void {
  if (validate(document)) return;
  throw new Error(
    `JSON output does not match schema/report.schema.json: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
  );
}
