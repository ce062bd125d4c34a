// The reflector and its API for the lab, run inside a namespace (`ip netns exec NS node --import tsx
// reflector-agent.ts HOST`): the reflector on HOST port 2121 (the port the client router's FTP helper
// is attached to), the API on HOST port 0; prints the API's URL, and stops on SIGTERM or when stdin ends.
import { startReflectorAgent } from '../helpers/reflector.js';

const host = process.argv[2] ?? '127.0.0.1';
const agent = await startReflectorAgent({ host, port: 2121 });
process.stdout.write(`reflector-agent ${agent.url}\n`);
const stop = (): void => {
  void agent.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
