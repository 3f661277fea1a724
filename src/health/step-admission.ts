import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import { stepsThatProtect } from '../playbooks/protecting-steps.js';
import { answerOverloaded } from './overloaded.js';

/** `POST /v1/incidents/:id/events`, with its body parsed. */
type StepRequest = IncomingMessage & { body?: { type?: unknown } };
const isStep = (req: IncomingMessage) => req.method === 'POST' && /^\/v1\/incidents\/[^/?]+\/events\/?(\?|$)/.test(req.url ?? '');

interface Waiter {
  go: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Protection first, for operator steps: at most `STEP_CONCURRENCY` steps run at once in this process and the
 * rest wait their turn, in arrival order, before any work is done for them. A step that can block or freeze
 * cards (IDENTITY_VERIFIED on a stolen wallet) never waits. Under load the blocks then share the event loop and
 * the database with a few steps instead of with every operator at once; a step that waited `STEP_WAIT_MAX_MS`
 * is answered 503 with Retry-After, and nothing was changed.
 */
@Injectable()
export class StepAdmission {
  private running = 0;
  private readonly line: Waiter[] = [];
  private protecting?: ReadonlySet<string>;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly playbooks: PlaybookRegistry,
  ) {}

  /** Express middleware, after body parsing (the event's type says whether it protects) and before the guards. */
  readonly middleware = (req: StepRequest, res: ServerResponse, next: () => void): void => {
    if (this.config.STEP_CONCURRENCY === 0 || !isStep(req) || this.protects(req.body?.type)) return next();
    const arrived = performance.now();
    const start = (goOn: () => void) => {
      this.running++;
      this.metrics.stepWaited('taken', (performance.now() - arrived) / 1000);
      res.once('close', () => this.release());
      goOn();
    };
    if (this.running < this.config.STEP_CONCURRENCY) return start(next);
    // Its turn comes inside another request's ending: it goes on in its own request's context (its request id).
    const goOn = AsyncResource.bind(next);
    const waiter: Waiter = {
      go: () => {
        clearTimeout(waiter.timer);
        res.off('close', leave);
        start(goOn);
      },
      timer: setTimeout(() => {
        this.leave(waiter);
        res.off('close', leave);
        this.metrics.stepWaited('turned_away', (performance.now() - arrived) / 1000);
        this.turnAway(res);
      }, this.config.STEP_WAIT_MAX_MS),
    };
    // The operator gave up (closed the tab, the balancer timed out): their place goes to the next step.
    const leave = () => {
      clearTimeout(waiter.timer);
      this.leave(waiter);
    };
    res.once('close', leave);
    this.line.push(waiter);
  };

  private protects(type: unknown): boolean {
    this.protecting ??= stepsThatProtect(this.playbooks.list().map((p) => p.definition));
    return typeof type === 'string' && this.protecting.has(type);
  }

  /** A step has been answered: its place goes to the first in line. */
  private release(): void {
    this.running--;
    this.line.shift()?.go();
  }

  private leave(waiter: Waiter): void {
    const at = this.line.indexOf(waiter);
    if (at >= 0) this.line.splice(at, 1);
  }

  private turnAway(res: ServerResponse): void {
    const retryAfterSeconds = this.config.SHED_RETRY_AFTER_S;
    answerOverloaded(
      res,
      `The service is at capacity and is keeping it for card blocks; this step was not taken (nothing changed), send it again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }
}
