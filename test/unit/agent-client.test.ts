// The client side of --from, on canned answers: the agent's report is hostile input, checked against
// the published schema and escaped; refusals read as one line that says what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainRefusal, parseAgentUrl, readReport } from '../../src/remote/agent-client.js';
import { SchemaChecker } from '../../src/remote/schema-check.js';
import { UsageError } from '../../src/settings/usage-error.js';
import { SCHEMA } from '../helpers/schema.js';
import { healthy } from './observations.js';
import { vantageReport } from './finding-cases/vantages.js';

const checker = new SchemaChecker(SCHEMA);
const report = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(vantageReport('far', healthy(), '198.51.100.4', '203.0.113.9'))) as Record<string, unknown>;

describe('the agent client', () => {
  it('accepts a real report, and shows the text in it escaped', () => {
    const r = report();
    (r.server as { greeting: string }).greeting = 'hello \x1b]0;owned\x07 \u202e';
    const outcome = readReport(JSON.stringify(r), checker, 'fallback');
    if (outcome.kind !== 'report') assert.fail(outcome.message);
    assert.equal(outcome.report.server.greeting, 'hello \\x1b]0;owned\\x07 \\u202e');
    assert.deepEqual(outcome.report.vantage, { name: 'far', address: '198.51.100.4' });
  });

  it('refuses what does not have the shape of one ftpcheck/1 report, saying where', () => {
    const cases: [(r: Record<string, unknown>) => unknown, RegExp][] = [
      [(r) => ({ ...r, extra: 1 }), /at \/: unexpected "extra"/],
      [(r) => ({ ...r, stages: [{ name: 'connect', status: 'pass' }] }), /at \/stages\/0: matches none/],
      [(r) => ({ ...r, exitCode: 7 }), /at \/exitCode: not one of the allowed values/],
      [(r) => ({ ...r, findings: [{ code: 'X Y' }] }), /at \/findings\/0/],
      [(r) => ({ schema: 'ftpcheck/1', results: [r] }), /missing "target"/],
      [() => 'null', /expected object/],
    ];
    for (const [edit, message] of cases) {
      const outcome = readReport(JSON.stringify(edit(report())), checker, 'x');
      if (outcome.kind !== 'failed') assert.fail(`accepted: ${JSON.stringify(edit(report())).slice(0, 80)}`);
      assert.match(outcome.message, message);
    }
    assert.match(JSON.stringify(readReport('<html>', checker, 'x')), /not JSON/);
  });

  it('knows every keyword of the published schema, and refuses a schema with one it does not', () => {
    assert.doesNotThrow(() => new SchemaChecker(SCHEMA));
    assert.throws(() => new SchemaChecker({ properties: { a: { minLength: 1 } } } as never), /"minLength"/);
  });

  it('explains refusals in one line', () => {
    const answer = (status: number, error: string, headers = {}) => ({
      status,
      headers,
      body: JSON.stringify({ error }),
    });
    assert.match(explainRefusal(answer(401, 'token needed'), false), /needs a token \(401\).*set FTPCHECK_AGENT_TOKEN/);
    assert.match(explainRefusal(answer(401, 'wrong'), true), /did not accept the token/);
    assert.match(
      explainRefusal(answer(403, 'private address 10.0.0.1'), true),
      /refuses to check this target \(403\): private/,
    );
    assert.match(explainRefusal(answer(429, 'slow down', { 'retry-after': '12' }), true), /try again in 12 s/);
    assert.match(explainRefusal(answer(413, 'too big'), true), /too large \(413\)/);
    assert.match(explainRefusal(answer(400, 'unknown field "x"'), true), /rejected the request \(400\)/);
    assert.ok(!explainRefusal(answer(500, '\x1b[31mred'), true).includes('\x1b'));
  });

  it('takes http(s) URLs without credentials, query or fragment', () => {
    assert.equal(parseAgentUrl('https://agent.example.net/ftp/').pathname, '/ftp/');
    for (const bad of ['http://u:p@a.example', 'ftp://a.example', 'a.example', 'http://a.example/?token=x'])
      assert.throws(() => parseAgentUrl(bad), UsageError, bad);
    assert.throws(
      () => parseAgentUrl('http://u:secret@a.example'),
      (err: Error) => !err.message.includes('secret'),
    );
  });
});
