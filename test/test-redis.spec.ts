import { Redis } from 'ioredis';
import { claimTestRedis, onOwnedTestRedis, OWNED_MARKER, startPrivateRedis } from './support/test-redis.js';

describe("the test suite never touches a Redis it doesn't own", () => {
  let redisUrl: string;
  let pid: number;
  let redis: Redis;

  beforeAll(async () => {
    ({ url: redisUrl, pid } = await startPrivateRedis());
    redis = new Redis(redisUrl);
  });
  afterAll(() => {
    redis.disconnect();
    process.kill(pid, 'SIGTERM');
  });
  beforeEach(() => redis.flushall());

  it('starts its private Redis with the production flags and no persistence', async () => {
    const config = Object.fromEntries(
      ['maxmemory-policy', 'appendonly', 'save', 'bind'].map((name) => [name, null as string | null]),
    );
    for (const name of Object.keys(config)) config[name] = ((await redis.config('GET', name)) as string[])[1];
    expect(config).toEqual({ 'maxmemory-policy': 'noeviction', appendonly: 'no', save: '', bind: '127.0.0.1' });
  });

  it("refuses a developer's Redis that holds keys of their own, and leaves them alone", async () => {
    await redis.set('bull:payments:42', 'a developer job');
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');

    await expect(claimTestRedis(redisUrl)).rejects.toThrow(/holds 1 keys that are not the test suite's own.*Unset TEST_REDIS_URL/);
    await expect(onOwnedTestRedis(redisUrl, (r) => r.flushall())).rejects.toThrow(/not the test suite's own Redis/);
    await expect(onOwnedTestRedis(redisUrl, (r) => r.config('SET', 'maxmemory-policy', 'noeviction'))).rejects.toThrow(/not the test suite's own/);

    expect(await redis.get('bull:payments:42')).toBe('a developer job');
    expect(await redis.exists(OWNED_MARKER)).toBe(0);
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
  });

  it('claims an empty Redis, and keeps it its own through a FLUSHALL', async () => {
    await claimTestRedis(redisUrl);
    expect(await redis.exists(OWNED_MARKER)).toBe(1);
    await redis.set('{test-1}:card-actions:1', 'a test job');

    await onOwnedTestRedis(redisUrl, (r) => r.flushall());

    expect(await redis.keys('*')).toEqual([OWNED_MARKER]);
    await expect(claimTestRedis(redisUrl)).resolves.toBeUndefined();
  });
});
