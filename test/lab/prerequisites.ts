// Whether the lab can run here, and why not: it needs Linux, root, network namespaces, iproute2,
// iptables and vsftpd. Missing packages are installed once with scripts/lab-setup.sh when that can work.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SETUP = fileURLToPath(new URL('../../scripts/lab-setup.sh', import.meta.url));
const TOOLS: readonly (readonly [string, string[]])[] = [
  ['ip', ['-V']],
  ['ss', ['-V']],
  ['iptables', ['--version']],
  ['vsftpd', ['-v']],
];

/** The reason the lab cannot run here, or false when it can. */
export function labUnavailable(): string | false {
  if (process.platform !== 'linux') return 'the lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces and iptables)';
  let absent = missingTools();
  if (absent.length > 0 && installable()) {
    try {
      execFileSync('sh', [SETUP], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
    } catch (err) {
      return `${absent.join(', ')} missing and scripts/lab-setup.sh failed: ${String(err).split('\n')[0] ?? ''}`;
    }
    absent = missingTools();
  }
  if (absent.length > 0) return `${absent.join(', ')} not installed (run scripts/lab-setup.sh as root)`;
  // Named like the lab's own namespaces (prefix, then pid) so a sweep by another run leaves it alone.
  const probe = `fcl-${process.pid}-probe`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
  } catch {
    return 'network namespaces cannot be created here';
  }
  return false;
}

function missingTools(): string[] {
  return TOOLS.filter(([tool, args]) => !runs(tool, args)).map(([tool]) => tool);
}

function installable(): boolean {
  return runs('apt-get', ['--version']);
}

/** True when the program exists; its exit status does not matter (`vsftpd -v` exits 0 or 1 by version). */
function runs(tool: string, args: string[]): boolean {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
