import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How far back the liveness probe looks: long enough to catch a stall, short enough to recover from one. */
const WINDOW_MS = 10_000;

/** The longest the event loop was blocked in the last window or so, in ms. */
export class EventLoopDelay {
  private current: IntervalHistogram = this.started();
  private previousMaxMs = 0;
  private readonly rotation = setInterval(() => this.rotate(), WINDOW_MS).unref();

  worstRecentMs(): number {
    return Math.max(this.previousMaxMs, this.current.max / 1e6);
  }

  stop(): void {
    clearInterval(this.rotation);
    this.current.disable();
  }

  private rotate(): void {
    this.previousMaxMs = this.current.max / 1e6;
    this.current.reset();
  }

  private started(): IntervalHistogram {
    const histogram = monitorEventLoopDelay({ resolution: 20 });
    histogram.enable();
    return histogram;
  }
}
