// Loads several test files into one Node process, one after the other, so that node and tsx start once
// for them all; their tests report in one TAP stream. For files whose tests open no server and leave
// nothing running (the unit tests): scripts/run-tests.mjs runs every other file in a process of its own.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
