import { Controller, Get, OnApplicationBootstrap, OnModuleDestroy, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { CoreBankingPort } from '../core-banking/core-banking.port.js';
import { EffectQueue, QueueName } from '../effects/effect-queue.js';
import { EventLoopDelay } from './event-loop-delay.js';

/** Each dependency gets this long to answer before readiness calls it down. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Probes for orchestrators and load balancers; no token. Liveness never touches a dependency (a database
 * blip must not get the process restarted); readiness says whether this process can do its work now.
 */
@Controller('health')
export class HealthController implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly eventLoop = new EventLoopDelay();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly effectQueue: EffectQueue,
    private readonly coreBanking: CoreBankingPort,
    private readonly config: AppConfig,
  ) {}

  /** Loading playbooks and connecting block the loop at boot; only a stall after that means the process is stuck. */
  onApplicationBootstrap(): void {
    this.eventLoop.forget();
  }

  onModuleDestroy(): void {
    this.eventLoop.stop();
  }

  /** Kept, with its old answer, for load balancers set up before the probes: the same check as /health/live. */
  @Get()
  async legacy(@Res({ passthrough: true }) response: Response): Promise<{ status: string }> {
    const { status } = await this.live(response);
    return { status };
  }

  /** The process is up and its event loop is not stuck. */
  @Get('live')
  @HealthCheck()
  live(@Res({ passthrough: true }) response: Response) {
    return this.answer(response, [
      () => {
        const check = this.indicator.check('eventLoop');
        const delayMs = Math.round(this.eventLoop.worstRecentMs());
        const limitMs = this.config.HEALTH_MAX_EVENT_LOOP_DELAY_MS;
        return delayMs <= limitMs ? check.up({ delayMs, limitMs }) : check.down({ delayMs, limitMs });
      },
    ]);
  }

  /** Postgres and Redis answer, Redis keeps jobs (noeviction), core banking answers, and the queues are not backed up. */
  @Get('ready')
  @HealthCheck()
  ready(@Res({ passthrough: true }) response: Response) {
    return this.answer(response, [
      () => this.postgres.pingCheck('postgres').withTimeout(CHECK_TIMEOUT_MS),
      () => this.indicator.check('redis').attempt(() => this.redis()).withTimeout(CHECK_TIMEOUT_MS),
      () => this.indicator.check('coreBanking').attempt(() => this.coreBanking.ping()).withTimeout(CHECK_TIMEOUT_MS),
      () => this.indicator.check('queues').attempt(() => this.backlog()).withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }

  /**
   * Terminus's own body (`status`, `info`, `error`, `details`), 503 when a check is down. Answered here,
   * not by the error filter: a probe failing every few seconds is the prober's news, not an error to log.
   */
  private async answer(response: Response, checks: HealthIndicatorFunction[]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async redis(): Promise<{ maxmemoryPolicy: string }> {
    const client = (await this.effectQueue.queue(QueueName.CardActions).getBackend().client) as unknown as Redis;
    const maxmemoryPolicy = /maxmemory_policy:(\S+)/.exec(await client.info('memory'))?.[1] ?? 'unknown';
    if (maxmemoryPolicy !== 'noeviction' && !this.config.REDIS_ALLOW_EVICTION) throw new Error(`maxmemory-policy is ${maxmemoryPolicy}; jobs may be evicted (needs noeviction)`);
    return { maxmemoryPolicy };
  }

  /** Jobs waiting to run now (not timers scheduled for later), against HEALTH_MAX_QUEUE_BACKLOG. */
  private async backlog(): Promise<{ waiting: number; limit: number }> {
    const counts = await Promise.all(Object.values(QueueName).map((name) => this.effectQueue.queue(name).getWaitingCount()));
    const waiting = counts.reduce((sum, count) => sum + count, 0);
    const limit = this.config.HEALTH_MAX_QUEUE_BACKLOG;
    if (waiting > limit) throw new Error(`${waiting} jobs waiting, more than ${limit}`);
    return { waiting, limit };
  }
}
