import { Controller, Get, Headers, Res } from '@nestjs/common';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from './metrics.js';

/** Prometheus scrapes this. Open by default (keep it on an internal network); with METRICS_TOKEN set, it needs that token. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    this.checkToken(authorization);
    const { contentType, body } = await this.metrics.scrape();
    response.type(contentType).send(body);
  }

  private checkToken(authorization: string | undefined): void {
    const expected = this.config.METRICS_TOKEN;
    if (!expected) return;
    const given = Buffer.from(authorization ?? '');
    const wanted = Buffer.from(`Bearer ${expected}`);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new LifelineError('unauthorized', 'Metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
}
