import * as net from 'node:net';

/** One HTTP/1.1 answer read off a raw connection. */
export interface RawHttpAnswer {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One client TCP connection spoken to in raw HTTP/1.1, so that a test controls exactly what is
 * sent when (half a body, a second request on the same connection) and sees exactly what comes
 * back, or that the server closed the connection.
 */
export class RawHttpConnection {
  private buffered = Buffer.alloc(0);
  private ended = false;
  private wake: () => void = () => undefined;
  /** Resolves once the connection is fully closed (either side). */
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => {
      this.ended = true;
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects to the host and port of `baseUrl`. */
  static connect(baseUrl: string): Promise<RawHttpConnection> {
    const url = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => {
        socket.off('error', reject);
        resolve(new RawHttpConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Writes bytes, resolving once they are handed to the kernel. */
  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * The next answer (1xx interim answers returned as they come), or 'closed' when the server closed
   * the connection before sending a byte of it; rejects when neither happens within `withinMs`.
   */
  async readAnswer(withinMs: number): Promise<RawHttpAnswer | 'closed'> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const answer = this.parse();
      if (answer) return answer;
      if (this.ended) {
        if (this.buffered.length === 0) return 'closed';
        throw new Error(`the connection closed in the middle of an answer: ${this.buffered.toString('latin1').slice(0, 200)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer and no close within ${withinMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Closes our side. */
  destroy(): void {
    this.socket.destroy();
  }

  /** Takes one complete answer off the buffer, if one is there (Content-Length, chunked, or read to the close). */
  private parse(): RawHttpAnswer | undefined {
    const head = this.buffered.indexOf('\r\n\r\n');
    if (head < 0) return undefined;
    const [statusLine, ...lines] = this.buffered.subarray(0, head).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const rest = this.buffered.subarray(head + 4);
    let body: Buffer;
    let used: number;
    if (status < 200) {
      body = Buffer.alloc(0);
      used = 0;
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (rest.length < length) return undefined;
      body = rest.subarray(0, length);
      used = length;
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const chunks: Buffer[] = [];
      let at = 0;
      for (;;) {
        const lineEnd = rest.indexOf('\r\n', at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
        if (rest.length < lineEnd + 2 + size + 2) return undefined;
        if (size === 0) {
          used = lineEnd + 4;
          break;
        }
        chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(chunks);
    } else {
      if (!this.ended) return undefined;
      body = rest;
      used = rest.length;
    }
    this.buffered = rest.subarray(used);
    return { status, headers, body };
  }
}

/** A multipart/related body of application/dicom parts and its Content-Type. */
export function dicomMultipart(parts: Uint8Array[]): { contentType: string; body: Buffer } {
  const boundary = 'triage-raw-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(part), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** The request line and headers of a STOW-RS POST to /dicomweb/studies for a body of `length` bytes. */
export function stowHead(host: string, token: string, contentType: string, length: number, extra: Record<string, string> = {}): string {
  const headers = { host, authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': String(length), ...extra };
  return `POST /dicomweb/studies HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}
