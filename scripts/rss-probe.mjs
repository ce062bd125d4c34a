// Preloaded by the benchmark (node --import): reports this process's peak RSS on exit, on fd 3 when
// the benchmark opened one, so the measured program's own output stays untouched.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // No fd 3: not run by the benchmark.
  }
});
