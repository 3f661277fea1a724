import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * The longest the event loop was blocked in the last window or so, in ms. The liveness probe looks back
 * 10 s (long enough to catch a stall, short enough to recover from one); read shedding half a second.
 */
export class EventLoopDelay {
  private readonly current: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private previousMaxMs = 0;
  private readonly rotation: NodeJS.Timeout;

  constructor(windowMs = 10_000) {
    this.current.enable();
    this.rotation = setInterval(() => this.rotate(), windowMs).unref();
  }

  /** Forgets what was measured so far (the stalls of booting). */
  forget(): void {
    this.previousMaxMs = 0;
    this.current.reset();
  }

  worstRecentMs(): number {
    return Math.max(this.previousMaxMs, this.current.count > 0 ? this.current.max / 1e6 : 0);
  }

  stop(): void {
    clearInterval(this.rotation);
    this.current.disable();
  }

  private rotate(): void {
    this.previousMaxMs = this.current.count > 0 ? this.current.max / 1e6 : 0;
    this.current.reset();
  }
}
