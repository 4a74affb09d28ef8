import type { FastifyInstance } from 'fastify';

/** Servers being shut down by {@link closeHttp}: their answers close the connection they go out on. */
const closing = new WeakSet<FastifyInstance>();

/**
 * Makes every answer that goes out while the server is shutting down close its connection
 * (`Connection: close`), so a request that finishes within the deadline leaves no kept-alive
 * connection behind to wait on. Registered once on the root instance, before the routes.
 */
export function closeConnectionsWhenClosing(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing.has(app)) reply.header('connection', 'close');
    return payload;
  });
}

/**
 * Stops the HTTP server for a shutdown: it stops accepting, idle kept-alive connections are closed
 * at once (Fastify's `forceCloseConnections: 'idle'`), a request arriving on a connection still
 * open gets 503; requests in flight have `deadlineMs` to finish, then every connection left is cut
 * (an upload cut mid-body stores nothing of its unfinished part). Resolves once the server is closed,
 * with whether the deadline had to cut connections.
 */
export async function closeHttp(app: FastifyInstance, deadlineMs: number): Promise<{ cut: boolean }> {
  closing.add(app);
  let cut = false;
  const deadline = setTimeout(() => {
    cut = true;
    app.server.closeAllConnections();
  }, deadlineMs);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
  return { cut };
}
