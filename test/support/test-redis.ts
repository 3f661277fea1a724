import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/**
 * The suite only ever writes to a Redis it owns. Owned means: the Redis was empty when the suite
 * first met it and the suite left this marker there. A developer's Redis with their own keys is
 * never flushed or reconfigured.
 */
export const OWNED_MARKER = 'lifeline:test-suite:owned';

/** Marks an empty Redis as the suite's own, or refuses one that holds keys that are not the tests'. */
export async function claimTestRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    if (await redis.exists(OWNED_MARKER)) return;
    const keys = await redis.dbsize();
    if (keys > 0) {
      throw new Error(
        `TEST_REDIS_URL=${url} holds ${keys} keys that are not the test suite's own (no "${OWNED_MARKER}" key). ` +
          'The tests flush and reconfigure their Redis, so they refuse to run against it. ' +
          'Unset TEST_REDIS_URL to let `npm test` start a private Redis, or point it at an empty one.',
      );
    }
    await redis.set(OWNED_MARKER, new Date().toISOString());
  } finally {
    redis.disconnect();
  }
}

/** Runs a destructive Redis command (FLUSHALL, CONFIG SET) only on a Redis that carries the marker. */
export async function onOwnedTestRedis<T>(url: string, command: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url);
  try {
    if (!(await redis.exists(OWNED_MARKER))) throw new Error(`Refusing a destructive command on ${url}: it is not the test suite's own Redis (no "${OWNED_MARKER}" key)`);
    const result = await command(redis);
    await redis.set(OWNED_MARKER, new Date().toISOString()); // FLUSHALL took the marker with it
    return result;
  } finally {
    redis.disconnect();
  }
}

/** A private redis-server on a free local port, with the production flags and no persistence. */
export async function startPrivateRedis(): Promise<{ url: string; pid: number }> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
    stdio: 'ignore',
    detached: false,
  });
  const failed = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`Could not start redis-server for the tests: ${error.message}`))));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined); // not up yet: polled again below
    const up = await Promise.race([redis.connect().then(() => redis.ping()).then(() => true, () => false), failed]);
    redis.disconnect();
    if (up) break;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.unref();
  return { url, pid: child.pid! };
}
