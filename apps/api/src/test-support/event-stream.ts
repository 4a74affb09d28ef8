import * as http from 'node:http';

/** One server-sent event as read off the wire. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/** An open text/event-stream: the events so far, a wait for the one a test expects, and close. */
export interface EventStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every event received so far (comments and `retry:` lines left out). */
  events: ServerSentEvent[];
  /** Comment lines received so far (`: keep-alive`). */
  comments: string[];
  /** Resolves with the first event (already received or still to come) that `match` accepts. */
  waitFor(match: (event: ServerSentEvent) => boolean): Promise<ServerSentEvent>;
  /** Resolves once the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** GETs `path` and reads it as server-sent events (resolves once the answer's headers are in). */
export function openEventStream(baseUrl: string, path: string, headers: Record<string, string>): Promise<EventStream> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: url.hostname, port: url.port, path, headers: { accept: 'text/event-stream', ...headers } },
      (response) => {
        const events: ServerSentEvent[] = [];
        const comments: string[] = [];
        const waiting: { match: (event: ServerSentEvent) => boolean; resolve: (event: ServerSentEvent) => void }[] = [];
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = block.split('\n');
            comments.push(...fields.filter((f) => f.startsWith(':')).map((f) => f.slice(1).trim()));
            const value = (name: string) =>
              fields
                .filter((f) => f.startsWith(`${name}:`))
                .map((f) => f.slice(name.length + 1).trim())
                .join('\n');
            if (!fields.some((f) => f.startsWith('data:'))) continue;
            const event = { event: value('event') || 'message', data: value('data') };
            events.push(event);
            for (const w of waiting.filter((w) => w.match(event))) {
              waiting.splice(waiting.indexOf(w), 1);
              w.resolve(event);
            }
          }
        });
        const ended = new Promise<void>((done) => response.once('end', done).once('close', done));
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          events,
          comments,
          ended,
          waitFor: (match) => {
            const found = events.find(match);
            return found ? Promise.resolve(found) : new Promise((done) => waiting.push({ match, resolve: done }));
          },
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
  });
}
