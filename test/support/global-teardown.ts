/** Stops the private Redis that globalSetup started (none when TEST_REDIS_URL was given). */
export default function globalTeardown(): void {
  const pid = (globalThis as { privateRedisPid?: number }).privateRedisPid;
  if (pid) process.kill(pid, 'SIGTERM');
}
