import type { Response } from 'express';
import type { Observable, Subscription } from 'rxjs';

/** Proxies and load balancers close a connection that stays silent; a comment line keeps it open. */
export const HEARTBEAT_MS = 15_000;

export interface EventStream {
  send(event: string, data: unknown, id?: number): void;
}

/**
 * Answers with `text/event-stream` and keeps the connection open: `feed` is subscribed with the stream
 * to write to, and unsubscribed when the client goes away or the process shuts down.
 */
export function openEventStream(response: Response, feed: (stream: EventStream) => Observable<unknown>): void {
  response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  response.flushHeaders();
  const stream: EventStream = {
    send(event, data, id) {
      response.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
  };
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  let subscription: Subscription | undefined;
  const close = () => {
    clearInterval(heartbeat);
    subscription?.unsubscribe();
    if (!response.writableEnded) response.end();
  };
  response.on('close', close);
  subscription = feed(stream).subscribe({ complete: close, error: close });
}
