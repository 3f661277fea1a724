/** Reads Lifeline turned away under overload (503 with Retry-After), asked again as the console does. */
export const shedReads = { count: 0 };

/** A read shed this many times in a row stops the benchmark instead of waiting for ever. */
const MAX_SHED_RETRIES = 60;

/**
 * One JSON request over a kept-alive connection (fetch pools them): its status and body text. A read shed under
 * overload is asked again after its Retry-After, as the console does.
 */
export async function send(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: unknown): Promise<{ status: number; text: string }> {
  for (let shed = 0; ; shed++) {
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const retryAfter = Number(response.headers.get('retry-after'));
    if (method !== 'GET' || response.status !== 503 || !(retryAfter > 0) || shed >= MAX_SHED_RETRIES) return { status: response.status, text };
    shedReads.count++;
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}

/** A JSON call to Lifeline (or the simulator); anything but 2xx stops the benchmark with the answer. */
export async function call<T>(url: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const { status, text } = await send(url + path, method, headers, body);
  if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Runs `work` for each item, at most `concurrency` at a time. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

export const seconds = (ms: number) => ms / 1000;
