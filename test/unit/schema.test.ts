// The published JSON Schema agrees with the code: stage names, codes, server kinds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FINDING_CODES } from '../../src/model/findings.js';
import { SERVER_KINDS } from '../../src/model/server.js';
import { STAGE_NAMES } from '../../src/model/stages.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));

describe('schema/report.schema.json', () => {
  it('lists the stages in order', () => assert.deepEqual(schema.$defs.stage.properties.name.enum, [...STAGE_NAMES]));
  it('accepts every finding code', () => {
    const pattern = new RegExp(schema.$defs.finding.properties.code.pattern);
    for (const code of FINDING_CODES) assert.match(code, pattern);
  });
  it('knows every server kind', () => assert.deepEqual(schema.$defs.report.properties.server.properties.kind.enum, [...SERVER_KINDS, 'unknown']));
  it('is linked from the README', () => assert.match(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), /schema\/report\.schema\.json/));
});
