import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface ServerSentEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** A server-sent-event stream read over real HTTP with fetch(), the way the console reads it (the token in a header). */
export class EventStreamReader {
  readonly events: ServerSentEvent[] = [];
  comments = 0;
  private constructor(
    readonly status: number,
    readonly contentType: string | null,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    const reader = new EventStreamReader(response.status, response.headers.get('content-type'), abort);
    if (response.ok && response.body) void reader.read(response.body);
    return reader;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n');
          if (fields.every((f) => f.startsWith(':'))) {
            this.comments++;
            continue;
          }
          const value = (name: string) => fields.find((f) => f.startsWith(`${name}: `))?.slice(name.length + 2);
          this.events.push({ id: value('id'), event: value('event') ?? 'message', data: JSON.parse(value('data') ?? 'null') });
        }
      }
    } catch {
      // aborted by close()
    }
  }

  /** The first event (from the start of the stream) that passes `check`; bounded, so a broken stream fails the test. */
  async next<T = unknown>(check: (e: ServerSentEvent & { data: T }) => boolean, what: string, timeoutMs = 15_000): Promise<ServerSentEvent & { data: T }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => check(e as ServerSentEvent & { data: T }));
      if (found) return found as ServerSentEvent & { data: T };
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => [e.id, e.event]))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/** Starts the app's HTTP server on a free port of 127.0.0.1 and returns its base URL. */
export async function listen(app: NestExpressApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
