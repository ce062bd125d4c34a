// The published JSON Schema agrees with the code: stage names, codes, server kinds, and the evidence
// enums, whose lists the compiler keeps complete through Record<…> tables.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CLIENT_IDS } from '../../src/model/clients.js';
import { FINDING_CODES } from '../../src/model/findings.js';
import type { AddressRelation } from '../../src/model/passive.js';
import type { ConnectResult, TransferResult } from '../../src/model/connections.js';
import type { OtherService } from '../../src/model/observations.js';
import type { ViolationReason } from '../../src/model/exchanges.js';
import { SERVER_KINDS } from '../../src/model/server.js';
import { STAGE_NAMES } from '../../src/model/stages.js';
import { SCHEMA, type SchemaNode } from '../helpers/schema.js';

/** A definition of the schema, by name; a missing one fails the test. */
function def(name: string): SchemaNode {
  const node = SCHEMA.$defs[name];
  assert.ok(node, `schema/report.schema.json has no $defs/${name}`);
  return node;
}

// Every value of each union, the compiler demanding each one.
const CONNECT: Record<ConnectResult['kind'], true> = {
  connected: true,
  refused: true,
  timeout: true,
  unreachable: true,
  error: true,
};
const TRANSFER: Record<TransferResult['kind'], true> = {
  complete: true,
  rejected: true,
  stalled: true,
  'control-failed': true,
};
const RELATION: Record<AddressRelation, true> = {
  same: true,
  private: true,
  loopback: true,
  'link-local': true,
  unspecified: true,
  foreign: true,
};
const SERVICE: Record<OtherService, true> = {
  ssh: true,
  http: true,
  smtp: true,
  pop3: true,
  imap: true,
  tls: true,
  unknown: true,
};
const VIOLATION: Record<ViolationReason, true> = {
  'line-too-long': true,
  'reply-too-large': true,
  'not-a-reply': true,
};

/** The values `property` may take in a stage's evidence, over all its variants. */
function evidenceEnum(stage: string, property: string): unknown[] {
  const evidence = def(`${stage}Stage`);
  return [evidence, ...(evidence.oneOf ?? [])].flatMap((v) => {
    const p = v.properties?.[property];
    return p?.enum ?? (p && 'const' in p ? [p.const] : []);
  });
}

describe('schema/report.schema.json', () => {
  it('lists the stages in order', () => {
    assert.deepEqual(def('stageName').enum, [...STAGE_NAMES]);
  });
  it('has a definition of each stage that ran, and one of a skipped stage', () => {
    assert.deepEqual(
      def('stage').oneOf?.map((r) => r.$ref),
      ['#/$defs/skippedStage', ...STAGE_NAMES.map((s) => `#/$defs/${s}Stage`)],
    );
    for (const name of STAGE_NAMES) assert.equal(def(`${name}Stage`).properties?.name?.const, name);
  });
  it('describes every stage exactly: no stage accepts unknown fields', () => {
    assert.equal(def('skippedStage').additionalProperties, false);
    for (const name of STAGE_NAMES) assert.equal(def(`${name}Stage`).unevaluatedProperties, false, name);
    assert.doesNotMatch(JSON.stringify(SCHEMA), /"additionalProperties":true|"unevaluatedProperties":true/);
  });
  it('accepts every finding code', () => {
    const pattern = def('finding').properties?.code?.pattern;
    assert.ok(pattern !== undefined, 'a finding code has a pattern');
    for (const code of FINDING_CODES) assert.match(code, new RegExp(pattern));
  });
  it('knows every server kind', () => {
    assert.deepEqual(def('report').properties?.server?.properties?.kind?.enum, [...SERVER_KINDS, 'unknown']);
  });
  it('knows every value of the evidence enums', () => {
    assert.deepEqual(evidenceEnum('passive', 'data'), [...Object.keys(CONNECT), null]);
    assert.deepEqual(evidenceEnum('passive', 'transfer'), [...Object.keys(TRANSFER), null]);
    assert.deepEqual(evidenceEnum('active', 'transfer'), [...Object.keys(TRANSFER), null]);
    assert.deepEqual(evidenceEnum('passive', 'relation'), [...Object.keys(RELATION), null]);
    assert.deepEqual(evidenceEnum('greeting', 'service'), Object.keys(SERVICE));
    assert.deepEqual(evidenceEnum('greeting', 'reason'), Object.keys(VIOLATION));
    assert.deepEqual(evidenceEnum('connect', 'outcome').sort(), Object.keys(CONNECT).sort());
  });
  it('knows every client judged, and only in a report that may leave them out', () => {
    assert.deepEqual(def('clientVerdict').properties?.client?.enum, [...CLIENT_IDS]);
    assert.equal(def('clientVerdict').additionalProperties, false);
    assert.ok(!(def('report').required ?? []).includes('clients'), 'older reports have no clients');
  });
  it('is linked from the README', () =>
    assert.match(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), /schema\/report\.schema\.json/));
});
