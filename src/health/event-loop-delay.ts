import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How far back the liveness probe looks: long enough to catch a stall, short enough to recover from one. */
const WINDOW_MS = 10_000;

/** The longest the event loop was blocked in the last window or so, in ms. */
export class EventLoopDelay {
  private readonly current: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private previousMaxMs = 0;
  private readonly rotation: NodeJS.Timeout;

  constructor() {
    this.current.enable();
    this.rotation = setInterval(() => this.rotate(), WINDOW_MS).unref();
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
