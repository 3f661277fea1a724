import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { poolLoad } from '../common/database-pool.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { EventLoopDelay } from './event-loop-delay.js';
import { answerOverloaded } from './overloaded.js';

/** Half a second: a saturated loop is seen within one, and shedding stops within a second of it easing. */
const WINDOW_MS = 500;

/** What may wait under overload: reads of the API. Steps, triggers and job reports are writes and always go through. */
const isApiRead = (req: IncomingMessage) => (req.method === 'GET' || req.method === 'HEAD') && /^\/v1(\/|\?|$)/.test(req.url ?? '');

/**
 * Protection first: when this process's event loop lags past `SHED_READS_AT_LOOP_DELAY_MS`, or
 * `SHED_READS_AT_POOL_WAITING` queries wait for a database connection, reads under /v1 are answered 503 with
 * Retry-After before any work is done for them (no token check, no query), so the loop and the connections
 * go to the writes that block cards. Health, metrics and the console's files are never shed.
 */
@Injectable()
export class ReadShedding implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly eventLoop = new EventLoopDelay(WINDOW_MS);

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  /** Booting blocks the loop; only lag after that is load. */
  onApplicationBootstrap(): void {
    this.eventLoop.forget();
  }

  onModuleDestroy(): void {
    this.eventLoop.stop();
  }

  /** The loop lags, or queries queue for a connection: either way a read now would delay a block. */
  private overloaded(): boolean {
    const { SHED_READS_AT_LOOP_DELAY_MS: lagMs, SHED_READS_AT_POOL_WAITING: waiting } = this.config;
    return (lagMs > 0 && this.eventLoop.worstRecentMs() > lagMs) || (waiting > 0 && poolLoad(this.dataSource).waiting >= waiting);
  }

  /** Express middleware, ahead of body parsing and the guards. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!isApiRead(req) || !this.overloaded()) return next();
    this.metrics.readShed();
    const retryAfterSeconds = this.config.SHED_RETRY_AFTER_S;
    answerOverloaded(res, `The service is at capacity and is keeping it for card blocks and operator steps; read again in ${retryAfterSeconds} s`, retryAfterSeconds);
  };
}
