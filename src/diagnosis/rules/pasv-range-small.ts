import { passiveRangeSettings } from './fixes.js';
import type { Rule } from './rule.js';

/** A range inferred within this many ports is "a few". */
export const SMALL_RANGE_PORTS = 16;

export const pasvRangeSmall: Rule<'pasv-range-small'> = {
  code: 'pasv-range-small',
  title: 'The passive port range has only a few ports',
  severity: 'info',
  stage: 'passive',
  explanation:
    'Asked for a passive port again and again (`--sweep-pasv-range auto`), the server kept naming the same ' +
    'few ports. Each passive transfer holds one port from its PASV/EPSV until its data connection arrives, ' +
    'and the port is not free again at once: so a range of N ports serves at most N transfers at the same ' +
    'time, fewer with clients that open several connections in parallel (FileZilla opens two by default). ' +
    'The next client gets "425 Can’t open data connection", or waits. One checking client works; a busy ' +
    'server fails at random. A server that hands out ports in order and reuses a freed one at once looks ' +
    'the same only when it names the very same port each time, which this finding leaves out.',
  likelyRule:
    'None: a server setting. A passive range made small to keep the firewall rule short (pasv_min_port and ' +
    'pasv_max_port a few ports apart).',
  confirm: [
    'Compare the inferred range with the server’s passive range setting.',
    'Start more parallel passive transfers than the range has ports (for example several `curl` at once): the extra ones fail with 425.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Give the passive range at least as many ports as transfers may run at once (FileZilla Server advises ' +
        'more ports than transfers in four minutes), and open the same range on the firewalls.',
    },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    const s = o.sweep;
    const samples = s?.kind === 'ran' ? s.inferredFrom : undefined;
    if (!samples) return [];
    const distinct = [...new Set(samples)].sort((a, b) => a - b);
    const [min] = distinct;
    const max = distinct.at(-1);
    if (min === undefined || max === undefined) return [];
    // Random picks repeat only in a small range; in-order servers name new ports, or always the same one.
    if (distinct.length < 2 || distinct.length === samples.length || max - min + 1 > SMALL_RANGE_PORTS) return [];
    return [
      {
        evidence:
          `Asked ${samples.length} times, the server named only ${distinct.length} ports (${distinct.join(', ')}), ` +
          `within ${min}-${max}: a passive range of about ${max - min + 1} ports.`,
      },
    ];
  },
};
