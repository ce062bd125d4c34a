// Not a test: runs curl in every lab scenario, passive and active, for comparison with ftpcheck.
// Usage (root): node --import tsx test/lab/compare-curl.ts
import { makeCerts } from '../helpers/certs.js';
import { inClient, type LabTls, withScenario } from './run-scenario.js';
import { SCENARIOS } from './scenarios.js';
import { sweepStale } from './topology.js';
import { ensureLabUser, LAB_PASSWORD, LAB_USER } from './vsftpd.js';

sweepStale();
ensureLabUser();
const certs = makeCerts(['IP:198.18.2.2', 'IP:198.18.0.2']);
const tls: LabTls = { caFile: certs.caFile, key: certs.good.key, cert: certs.good.cert };

const summary = (r: { code: number | null; stderr: string; seconds: number }): string => {
  const message = r.stderr.trim().split('\n').pop()?.replace(/\|/g, '/') ?? '';
  return `${r.code === 0 ? 'listing received' : `exit ${r.code}: ${message}`} (${r.seconds.toFixed(1)} s)`;
};

const rows: string[] = [];
try {
  for (const scenario of SCENARIOS) {
    const row = await withScenario(scenario, tls, async (topology) => {
      const target = scenario.client?.target ?? topology.target;
      const auth = scenario.client?.labUser ? ['-u', `${LAB_USER}:${scenario.client.password ?? LAB_PASSWORD}`] : [];
      const secure = scenario.tls ? ['--ssl-reqd', '--cacert', tls.caFile] : [];
      const curl = (mode: string[]) => inClient(topology, ['curl', '-sS', '--max-time', '10', ...mode, ...auth, ...secure, `ftp://${target}/`], {});
      const passive = await curl(['--ftp-pasv']);
      const active = await curl(['-P', '-']);
      return `| ${scenario.name} | ${summary(passive)} | ${summary(active)} |`;
    });
    rows.push(row);
    console.error(row);
  }
} finally {
  certs.cleanup();
}
console.log(['| scenario | curl --ftp-pasv | curl -P - |', '|---|---|---|', ...rows].join('\n'));
