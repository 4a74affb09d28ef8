import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import * as path from 'node:path';

/** esbuild's `[name]-[hash]` file names: a content hash of 8 base32 characters before the extension. */
const CONTENT_HASHED = /-[A-Z2-7]{8}\.[A-Za-z0-9]+(\.map)?$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The Cache-Control of a viewer file: the page is never stored (it names the current assets), hashed assets forever, others revalidated. */
export function viewerCacheControl(file: string): string {
  const name = path.basename(file);
  if (name === 'index.html') return 'no-store';
  return CONTENT_HASHED.test(name) ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache';
}

/**
 * The built viewer (`viewerDir`: index.html and its assets) at `/`, public: it holds no PHI, and
 * everything it shows comes from routes that need a session. One route per file found at start
 * (no wildcard), so an unknown path still gets the API's 401/404; `.wasm` is application/wasm
 * (streaming compilation needs it). Rebuilt assets with new names need a restart to be served.
 */
export const viewerStatic: FastifyPluginAsync<{ viewerDir: string }> = async (app, { viewerDir }) => {
  app.addHook('onRoute', (route) => void (route.config = { ...route.config, public: true }));
  await app.register(fastifyStatic, {
    root: path.resolve(viewerDir),
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    etag: true,
    lastModified: true,
    serveDotFiles: false,
    decorateReply: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      reply.header('cache-control', viewerCacheControl(file));
      if (file.endsWith('.wasm')) reply.header('content-type', 'application/wasm');
    },
  });
};
