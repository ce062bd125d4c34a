// Something a suite starts once for all its tests (a fixture server, test certificates) and ends after them.
import { after, before } from 'node:test';

/**
 * Starts a resource in before() and stops it in after(); the tests call the returned function to get it.
 * node:test runs after() even when before() failed, and then there is nothing to stop.
 */
export function forSuite<T>(start: () => T | Promise<T>, stop: (resource: T) => Promise<void> | void): () => T {
  let started: { resource: T } | undefined;
  before(async () => {
    started = { resource: await start() };
  });
  after(async () => {
    if (started) await stop(started.resource);
  });
  return () => {
    if (!started) throw new Error('the suite did not start what this test needs');
    return started.resource;
  };
}
