import { performance } from 'node:perf_hooks';

/** How often the loop is sampled: a stall shorter than this is not load worth acting on. */
const TICK_MS = 20;

/**
 * The longest the event loop was blocked in the last window or so, in ms. The liveness probe looks back
 * 10 s (long enough to catch a stall, short enough to recover from one); read shedding half a second.
 *
 * A ticker measures how late it runs, and the window turns over inside that same tick, so a stall that
 * spans the turn is counted in the new window rather than lost between two (as it was with
 * `monitorEventLoopDelay`, whose `reset()` forgets the sample in flight). A stall still in progress when
 * read (a handler blocking in the same turn of the loop) counts too.
 */
export class EventLoopDelay {
  private lastTickAt = performance.now();
  private windowStartedAt = this.lastTickAt;
  private currentMaxMs = 0;
  private previousMaxMs = 0;
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly windowMs = 10_000) {
    this.ticker = setInterval(() => this.tick(), TICK_MS).unref();
  }

  /** Forgets what was measured so far (the stalls of booting). */
  forget(): void {
    this.lastTickAt = this.windowStartedAt = performance.now();
    this.currentMaxMs = this.previousMaxMs = 0;
  }

  worstRecentMs(): number {
    return Math.max(this.previousMaxMs, this.currentMaxMs, this.lateBy(performance.now()));
  }

  stop(): void {
    clearInterval(this.ticker);
  }

  private lateBy(now: number): number {
    return Math.max(0, now - this.lastTickAt - TICK_MS);
  }

  private tick(): void {
    const now = performance.now();
    const lateMs = this.lateBy(now);
    this.lastTickAt = now;
    if (now - this.windowStartedAt >= this.windowMs) {
      this.previousMaxMs = this.currentMaxMs;
      this.currentMaxMs = 0;
      this.windowStartedAt = now;
    }
    this.currentMaxMs = Math.max(this.currentMaxMs, lateMs);
  }
}
