import { authHeader } from './api.js';

/**
 * Follows a server-sent event stream with fetch(), so the token travels in the Authorization header
 * and never in a URL (EventSource cannot send headers). Reconnects with Last-Event-ID.
 */
export function followStream(path: string, onData: (data: unknown) => void, signal: AbortSignal, poll?: () => Promise<void>): void {
  let lastEventId: string | undefined;
  let streamMissing = false;
  const connect = async (): Promise<void> => {
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...authHeader() };
    if (lastEventId) headers['Last-Event-ID'] = lastEventId;
    const response = await fetch(path, { headers, signal });
    // A service without the stream yet (404): read the view again each second instead.
    if (response.status === 404 && poll) streamMissing = true;
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        const message = parseBlock(block);
        if (message.id) lastEventId = message.id;
        if (message.data) onData(JSON.parse(message.data));
      }
    }
  };
  const loop = async () => {
    let pause = 1000;
    while (!signal.aborted) {
      const reading = streamMissing && poll ? poll() : connect();
      const ok = await reading.then(() => true, () => false);
      // A dropped stream reconnects at once; a failing one waits longer each time, up to 15 s.
      pause = ok || (streamMissing && poll) ? 1000 : Math.min(pause * 2, 15_000);
      if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, ok && !streamMissing ? 0 : pause));
    }
  };
  void loop();
}

function parseBlock(block: string): { id?: string; data?: string } {
  const message: { id?: string; data?: string } = {};
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue; // a heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') message.id = value;
    if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
  }
  return message;
}
