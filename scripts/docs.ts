// Writes docs/troubleshooting.md from the catalogue (the same text `ftpcheck guide` prints).
import { writeFileSync } from 'node:fs';
import { renderGuide } from '../src/docs/guide.js';

writeFileSync(new URL('../docs/troubleshooting.md', import.meta.url), renderGuide('markdown'));
console.log('wrote docs/troubleshooting.md');
