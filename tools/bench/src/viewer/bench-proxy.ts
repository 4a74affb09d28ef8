import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** Where the browser's requests go: our API for everything, Orthanc's DICOMweb under {@link ORTHANC_PREFIX}. */
export interface ProxyTargets {
  /** The built viewer, served from here (its index.html at `/`). */
  viewerDist: string;
  /** Our API's origin (sessions, worklist, labels and our DICOMweb). */
  api: string;
  /** Orthanc's origin and Authorization header, when the Orthanc mode runs. */
  orthanc?: { origin: string; authorization: string };
}

/** What GET /api/config says to the viewer in the current mode. */
export interface ProxyMode {
  dicomwebRoot: string;
  progressive: boolean;
}

/** The same-origin path the viewer's DICOMweb client uses to reach Orthanc's /dicom-web. */
export const ORTHANC_PREFIX = '/orthanc-dicomweb';

/** A running bench proxy: its origin, the mode it answers /api/config with, and how to stop it. */
export interface BenchProxy {
  origin: string;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * One origin for the browser in every mode, so the page, its cookie and its DICOMweb stay same-origin: the
 * viewer's files from its dist folder, GET /api/config from our API with dicomwebRoot and progressive set per
 * mode, /orthanc-dicomweb/* on to Orthanc's /dicom-web with its credentials (the session cookie is not sent
 * there), and everything else to our API. Bodies are piped, never held.
 */
export async function startBenchProxy(targets: ProxyTargets, initial: ProxyMode): Promise<BenchProxy> {
  let mode = initial;
  // No socket cap: every page holds a worklist event stream open for as long as it lives.
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const file = request.method === 'GET' ? distFile(targets.viewerDist, url) : undefined;
    if (file) {
      response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
      fs.createReadStream(file).pipe(response);
    } else if (url.startsWith(`${ORTHANC_PREFIX}/`) && targets.orthanc) {
      const headers = { ...request.headers, authorization: targets.orthanc.authorization };
      delete headers.cookie;
      forward(request, response, targets.orthanc.origin, `/dicom-web${url.slice(ORTHANC_PREFIX.length)}`, headers, agent);
    } else if (request.method === 'GET' && url.split('?')[0] === '/api/config') {
      void rewriteConfig(request, response, targets.api, mode);
    } else {
      forward(request, response, targets.api, url, request.headers, agent);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setMode: (next) => (mode = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

/** The dist file a GET names (`/` is index.html), or undefined when it names none (then it goes to the API). */
function distFile(dist: string, url: string): string | undefined {
  const pathname = decodeURIComponent(url.split('?')[0]);
  const file = path.join(dist, pathname === '/' ? 'index.html' : pathname);
  if (!file.startsWith(dist + path.sep)) return undefined;
  try {
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function forward(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  origin: string,
  path: string,
  headers: http.IncomingHttpHeaders,
  agent: http.Agent,
): void {
  const target = new URL(origin);
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: request.method, path, headers: { ...headers, host: target.host }, agent },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  // A client that goes (a closed page, its event stream) takes its upstream request with it.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  upstream.on('error', (error) => {
    if (response.destroyed) return;
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(`bench proxy: ${error.message}`);
  });
  request.pipe(upstream);
}

async function rewriteConfig(request: http.IncomingMessage, response: http.ServerResponse, origin: string, mode: ProxyMode): Promise<void> {
  const answer = await fetch(`${origin}/api/config`, { headers: { cookie: request.headers.cookie ?? '' } }).catch((e: Error) => e);
  if (answer instanceof Error) {
    response.writeHead(502, { 'content-type': 'text/plain' }).end(`bench proxy: ${answer.message}`);
    return;
  }
  const text = await answer.text();
  if (answer.status !== 200) {
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
    return;
  }
  const config = { ...(JSON.parse(text) as Record<string, unknown>), dicomwebRoot: mode.dicomwebRoot, progressive: mode.progressive };
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(config));
}
