// Not a test: runs curl, passive and active, in every lab scenario's client namespace and prints a
// markdown table, for comparison with what ftpcheck concludes. With --ftpcheck it also runs the built
// ftpcheck in the same network and adds its verdict and findings. --only REGEX runs the scenarios whose
// name matches REGEX; --download also downloads the anonymous tree's large file (what the bulk sample
// reads), passive and active; --upload also uploads a 4 KiB file into its upload directory, passive.
// Usage (root): node --import tsx test/lab/compare-curl.ts [--ftpcheck] [--only REGEX] [--download] [--upload]
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { makeCerts, opensslAvailable, type TestCerts } from '../helpers/certs.js';
import { CLI } from '../helpers/run-cli.js';
import { onInterrupt } from './interrupt.js';
import { LAB_USER, labPassword, lockLabUser, prepareLabUser } from './lab-user.js';
import { labUnavailable } from './prerequisites.js';
import { ftpcheckArgs, inClient, type LabTls, withScenario } from './run-scenario.js';
import { type Scenario, SCENARIOS } from './scenarios.js';
import { sweepStale, type Topology } from './topology.js';
import { LAB_SAMPLE_FILE, LAB_UPLOAD_DIR } from './vsftpd.js';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

const withFtpcheck = process.argv.includes('--ftpcheck');
const withDownload = process.argv.includes('--download');
const withUpload = process.argv.includes('--upload');
/** What curl uploads with --upload: 4 KiB, the size of ftpcheck's --upload. */
const uploadFile = join(tmpdir(), `ftpcheck-curl-upload-${process.pid}.tmp`);
if (withUpload) writeFileSync(uploadFile, Buffer.alloc(4096, 'curl upload test\n'));
// --only REGEX: the scenarios whose name matches, e.g. those of one area.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : new RegExp(process.argv[onlyAt + 1] ?? '');
const unavailable = labUnavailable();
if (unavailable) {
  console.error(`compare-curl: ${unavailable}`);
  process.exit(1);
}
if (withFtpcheck && !existsSync(CLI)) {
  console.error('compare-curl: bin/ftpcheck.js is missing (npm run build)');
  process.exit(1);
}

// curl's exit codes (man curl, EXIT CODES) for the failures the lab produces. The meaning comes first
// because curl 7.88's message can mislead: after a failed active transfer it prints "sa_addr
// inet_ntop() failed with errno 97", and a refused passive data port as "Failed to connect to … port 21".
const CURL_EXIT: Record<number, string> = {
  6: "couldn't resolve host",
  7: 'failed to connect',
  13: 'weird PASV reply',
  28: 'timed out',
  30: 'PORT failed',
  35: 'TLS handshake failed',
  64: 'TLS required but refused',
  67: 'login denied',
};

/** "listing received", or curl's exit code, its meaning and its last error line. */
function curlResult(r: Outcome): string {
  if (r.code === 0) return 'listing received';
  const message = r.stderr.trim().split('\n').pop()?.replace(/\|/g, '/') ?? '';
  if (r.code === null) return `killed: ${message}`;
  return `exit ${r.code} (${CURL_EXIT[r.code] ?? 'error'}): ${message}`;
}

async function curl(
  scenario: Scenario,
  topology: Topology,
  tls: LabTls | undefined,
  mode: string[],
  path = '',
): Promise<Outcome> {
  const target = scenario.client?.target ?? topology.target;
  const auth = scenario.client?.labUser ? ['-u', `${LAB_USER}:${scenario.client.password ?? labPassword()}`] : [];
  const secure = scenario.tls && tls ? ['--ssl-reqd', '--cacert', tls.caFile] : [];
  // A target that names its scheme (ftps:// for implicit FTPS) is given to curl as it is.
  const url = target.includes('://') ? `${target}/${path}` : `ftp://${target}/${path}`;
  return inClient(topology, ['curl', '-sS', '--max-time', '10', ...mode, ...auth, ...secure, url], {});
}

/** A download of the large file, its bytes written to stdout by -w: "exit 28 (timed out) after 0 bytes". */
async function curlDownload(scenario: Scenario, topology: Topology, tls: LabTls | undefined, mode: string[]) {
  const r = await curl(
    scenario,
    topology,
    tls,
    [...mode, '-o', '/dev/null', '-w', '%{size_download}'],
    LAB_SAMPLE_FILE.name,
  );
  const bytes = r.stdout.trim() || '0';
  return { ...r, cell: r.code === 0 ? `${bytes} bytes` : `${curlResult(r)} after ${bytes} bytes` };
}

async function ftpcheck(scenario: Scenario, topology: Topology, tls: LabTls | undefined): Promise<string> {
  const { args, env } = ftpcheckArgs(scenario, topology, tls);
  const out = await inClient(topology, [process.execPath, CLI, ...args], env);
  try {
    const report = JSON.parse(out.stdout) as Report;
    return `${report.verdict}: ${report.findings.map((f) => f.code).join(', ') || '—'} (${out.seconds.toFixed(1)} s)`;
  } catch {
    return `no report (exit ${out.code ?? 'none: killed by a signal'})`;
  }
}

async function compare(scenario: Scenario, tls: LabTls | undefined): Promise<string> {
  if ((scenario.tls || scenario.certificate) && !tls) return `| ${scenario.name} | skipped: openssl missing | | | |`;
  return withScenario(scenario, tls, async (topology) => {
    const passive = await curl(scenario, topology, tls, ['--ftp-pasv']);
    const active = await curl(scenario, topology, tls, ['-P', '-']);
    const cells = [
      scenario.name,
      curlResult(passive),
      curlResult(active),
      passive.seconds.toFixed(1),
      active.seconds.toFixed(1),
    ];
    if (withDownload) {
      for (const mode of [['--ftp-pasv'], ['-P', '-']]) {
        const download = await curlDownload(scenario, topology, tls, mode);
        cells.push(download.cell, download.seconds.toFixed(1));
      }
    }
    if (withUpload) {
      const upload = await curl(
        scenario,
        topology,
        tls,
        ['--ftp-pasv', '-T', uploadFile],
        `${LAB_UPLOAD_DIR}/curl-upload.tmp`,
      );
      cells.push(upload.code === 0 ? 'uploaded' : curlResult(upload), upload.seconds.toFixed(1));
    }
    if (withFtpcheck) cells.push(await ftpcheck(scenario, topology, tls));
    return `| ${cells.join(' | ')} |`;
  });
}

sweepStale();
prepareLabUser();
let certs: TestCerts | undefined;
const rows: string[] = [];
try {
  certs = opensslAvailable() ? makeCerts(['IP:198.18.2.2', 'IP:198.18.0.2']) : undefined;
  const made = certs;
  if (made) onInterrupt(() => made.cleanup());
  const tls: LabTls | undefined = certs && {
    caFile: certs.caFile,
    key: certs.good.key,
    cert: certs.good.cert,
    expiring: certs.expiring,
  };
  for (const scenario of SCENARIOS.filter((s) => !only || only.test(s.name))) {
    const row = await compare(scenario, tls);
    rows.push(row);
    console.error(row);
  }
} finally {
  certs?.cleanup();
  lockLabUser();
  rmSync(uploadFile, { force: true });
}
const head = [
  'scenario',
  'curl --ftp-pasv',
  'curl -P -',
  'passive s',
  'active s',
  ...(withDownload ? ['curl -o /dev/null FILE --ftp-pasv', 's', 'curl -o /dev/null FILE -P -', 's'] : []),
  ...(withUpload ? ['curl -T --ftp-pasv', 's'] : []),
  ...(withFtpcheck ? ['ftpcheck'] : []),
];
console.log([`| ${head.join(' | ')} |`, `|${head.map(() => '---|').join('')}`, ...rows].join('\n'));
