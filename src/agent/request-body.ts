// A request's body as the agent reads it: only when a route asks for it, at most once, and at most the
// agent's body limit; a declared or actual length beyond it stops the reading (the agent answers 413).
import type { IncomingMessage } from 'node:http';
import { BodyTooLarge } from './route.js';

/** The body, at most `limit` bytes; a longer one rejects with BodyTooLarge and stops reading. */
export function bodyReader(req: IncomingMessage, limit: number): () => Promise<Buffer> {
  let read: Promise<Buffer> | undefined;
  return () =>
    (read ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) {
        reject(new BodyTooLarge(limit));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.removeAllListeners('data');
          req.pause();
          reject(new BodyTooLarge(limit));
          return;
        }
        chunks.push(chunk);
      });
      req.once('end', () => resolve(Buffer.concat(chunks)));
      req.once('error', reject);
    }));
}
