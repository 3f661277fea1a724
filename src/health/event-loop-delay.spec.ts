import { EventLoopDelay } from './event-loop-delay.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const blockLoop = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until); // busy on purpose: the stall being measured
};

describe('EventLoopDelay', () => {
  let delay: EventLoopDelay;
  afterEach(() => delay.stop());

  it('counts a stall that spans the turn of its window, and forgets it two windows after the loop eases', async () => {
    delay = new EventLoopDelay(50);
    await pause(60);
    expect(delay.worstRecentMs()).toBeLessThan(50);

    blockLoop(150); // three windows long: the window turns over while the loop is blocked
    await pause(0);
    expect(delay.worstRecentMs()).toBeGreaterThanOrEqual(100);
    await pause(30);
    expect(delay.worstRecentMs()).toBeGreaterThanOrEqual(100);

    await pause(200);
    expect(delay.worstRecentMs()).toBeLessThan(100);
  });

  it('counts a stall still in progress when it is read', () => {
    delay = new EventLoopDelay(50);
    blockLoop(80);
    expect(delay.worstRecentMs()).toBeGreaterThanOrEqual(50);
  });

  it('forgets what came before when told to', () => {
    delay = new EventLoopDelay();
    blockLoop(80);
    delay.forget();
    expect(delay.worstRecentMs()).toBeLessThan(20);
  });
});
