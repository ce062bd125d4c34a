import { seconds } from './wording/phrases.js';
import type { Rule } from './rule.js';

export const deadlineReached: Rule<'deadline-reached'> = {
  code: 'deadline-reached',
  title: "The run's deadline ended the check early",
  severity: 'error',
  stage: 'connect',
  explanation:
    'Each ftpcheck run has an overall deadline so that it never hangs. It ran out before all stages finished, ' +
    'so the stages after it were not checked and the last one may be incomplete. ' +
    'The cause is a slow path or server rather than a clear block: many waits each took nearly their full timeout.',
  likelyRule: 'No single rule: a slow server or path made several steps wait nearly their full timeout.',
  confirm: ['Run again with `--deadline 120 --timeout 10` and see which stage is slow.'],
  fix: [
    {
      role: 'user',
      text: 'Run again with a longer --deadline (and perhaps --timeout) to let every stage finish, then read the findings of the stage that was slow.',
    },
  ],
  match(o) {
    const hit = o.deadlineHit;
    if (!hit) return [];
    return [
      {
        stage: hit.stage,
        evidence: `The ${seconds(hit.deadlineMs)} deadline ran out during the ${hit.stage} stage; later stages were not run.`,
      },
    ];
  },
};
