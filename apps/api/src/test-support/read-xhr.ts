import * as http from 'node:http';

/**
 * The part of XMLHttpRequest that dicomweb-client uses, over node:http. dicomweb-client is written
 * for browsers and creates `new XMLHttpRequest()` unless a request passes `{ instance }`; Node 20
 * has no XMLHttpRequest and no polyfill is installed, so tests hand it one of these.
 */
export class NodeXhr {
  readyState = 0;
  status = 0;
  responseType: '' | 'arraybuffer' | 'json' | 'text' = '';
  response: unknown = null;
  withCredentials = false;
  onreadystatechange: (() => void) | null = null;
  onloadstart: (() => void) | null = null;
  onloadend: (() => void) | null = null;
  onprogress: (() => void) | null = null;
  private method = 'GET';
  private url = '';
  private readonly requestHeaders: Record<string, string> = {};
  private responseHeaders: http.IncomingHttpHeaders = {};

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name] = value;
  }

  getResponseHeader(name: string): string | null {
    const value = this.responseHeaders[name.toLowerCase()];
    return value === undefined ? null : [value].flat().join(', ');
  }

  getAllResponseHeaders(): string {
    return Object.entries(this.responseHeaders)
      .map(([k, v]) => `${k}: ${[v].flat().join(', ')}`)
      .join('\r\n');
  }

  send(data?: ArrayBuffer | Uint8Array | string): void {
    const body =
      data === undefined
        ? undefined
        : typeof data === 'string'
          ? Buffer.from(data)
          : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    const request = http.request(
      this.url,
      { method: this.method, headers: { ...this.requestHeaders, ...(body && { 'content-length': body.length }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          this.status = response.statusCode ?? 0;
          this.responseHeaders = response.headers;
          if (this.responseType === 'arraybuffer')
            this.response = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
          else if (this.responseType === 'json') this.response = bytes.length ? JSON.parse(bytes.toString('utf8')) : null;
          else this.response = bytes.toString('utf8');
          this.readyState = 4;
          this.onreadystatechange?.();
          this.onloadend?.();
        });
      },
    );
    request.on('error', () => {
      this.status = 0;
      this.readyState = 4;
      this.onreadystatechange?.();
    });
    this.onloadstart?.();
    request.end(body);
  }
}
