import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

const WINDOW_MS = 60_000;
/** Counts a request, and on the window's first one sets when its counter goes away, in one step. */
const COUNT_REQUEST = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n`;

/**
 * Requests per caller in fixed one-minute windows, counted in Redis so every API process shares one
 * budget. If Redis does not answer, requests go through uncounted: a card block comes before a limit.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: Redis;
  private counting = true;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 500 });
    // Failures surface as refused commands below; the client reconnects by itself.
    this.redis.on('error', () => undefined);
  }

  /** Counts one request of the caller: null while within the limit, else the seconds until the next window. */
  async retryAfterSeconds(caller: string): Promise<number | null> {
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const msLeft = (window + 1) * WINDOW_MS - now;
    let count: number;
    try {
      count = Number(await this.redis.eval(COUNT_REQUEST, 1, `${this.config.QUEUE_PREFIX}:rate-limit:${caller}:${window}`, msLeft + 1000));
    } catch (error) {
      if (this.counting) this.logger.warn(`Rate limits are off until Redis answers again: ${(error as Error).message}`);
      this.counting = false;
      return null;
    }
    if (!this.counting) this.logger.log('Rate limits are on again');
    this.counting = true;
    return count > this.config.RATE_LIMIT_PER_MINUTE ? Math.ceil(msLeft / 1000) : null;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
