// The one runner of the rule cases (finding-cases/, one entry per code by construction): every case gives
// exactly its findings with their severities, its verdict where it names one, and what else it pins;
// filed among the cases that give a code, it names that code, and among those where it stays silent, not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import { compareVantages } from '../../src/diagnosis/assembly/vantages.js';
import { type Finding, FINDING_CODES } from '../../src/model/findings.js';
import { type Case, FINDING_CASES } from './finding-cases/index.js';
import { healthy, healthyTls } from './observations.js';

/** The findings as cases write them: code:severity, sorted. */
const found = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.code}:${f.severity}`).sort();

/** What every case asserts: exactly its findings (codes and severities), its verdict, and what else it pins. */
function assertCase(c: Case): Finding[] {
  const o = c.build();
  const findings = diagnose(o);
  assert.deepEqual(found(findings), [...c.findings].sort());
  if (c.verdict !== undefined) assert.equal(verdictOf(o, findings), c.verdict);
  c.also?.(findings, o);
  return findings;
}

describe('finding codes', () => {
  for (const code of FINDING_CODES) {
    describe(code, () => {
      for (const c of FINDING_CASES[code].fires) {
        it(`found: ${c.name}`, () => {
          assert.ok(
            c.findings.some((e) => e.startsWith(`${code}:`)),
            `a case that gives ${code} names it among its findings`,
          );
          const mine = assertCase(c).filter((f) => f.code === code);
          for (const f of mine) {
            // Evidence is built from phrases: it must read as a sentence with every value filled in.
            assert.match(f.evidence, /^[^a-z].*\.$/s, f.evidence);
            assert.doesNotMatch(f.evidence, /undefined|NaN|\[object/, f.evidence);
          }
        });
      }
      const cases = FINDING_CASES[code];
      if ('compared' in cases) {
        for (const c of cases.compared.fires) {
          it(`found comparing vantages: ${c.name}`, () => {
            const findings = compareVantages(c.build());
            assert.ok(findings.length > 0, 'the vantages were found to agree');
            for (const f of findings) {
              assert.equal(f.code, code);
              assert.match(f.evidence, /^[^a-z].*\.$/s, f.evidence);
              assert.doesNotMatch(f.evidence, /undefined|NaN|\[object/, f.evidence);
            }
            if (c.rule)
              assert.deepEqual(
                findings.map((f, i) => c.rule?.[i]?.test(f.likelyRule) ?? false),
                c.rule.map(() => true),
                findings.map((f) => f.likelyRule).join('\n'),
              );
          });
        }
        for (const c of cases.compared.silent) {
          it(`silent comparing vantages: ${c.name}`, () => {
            assert.deepEqual(
              compareVantages(c.build()).map((f) => f.evidence),
              [],
            );
          });
        }
      }
      for (const c of FINDING_CASES[code].silent) {
        it(`silent: ${c.name}`, () => {
          assert.ok(
            !c.findings.some((e) => e.startsWith(`${code}:`)),
            `a case where ${code} stays silent does not name it`,
          );
          assertCase(c);
        });
      }
    });
  }

  it('a healthy run has no findings, plain or over TLS', () => {
    assert.deepEqual(diagnose(healthy()), []);
    assert.deepEqual(diagnose(healthyTls()), []);
  });
});
