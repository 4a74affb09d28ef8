import * as net from 'node:net';
import type { DatastoreId } from '@triage/dicom';
import type { InstanceStore } from '@triage/healthimaging';
import type { AuditSink } from '@triage/platform';
import { log as dimseLog } from 'dcmjs-dimse';
import type { Logger } from 'pino';
import type { ApiMetrics } from '../app/api-context';
import { scpClass } from './triage-scp';

// dcmjs-dimse logs every PDU through loglevel on the console; ours goes through pino, without data sets.
dimseLog.setLevel('silent');

/** Where and as whom the DIMSE SCP listens, and where instances go. */
export interface DimseServerOptions {
  store: InstanceStore;
  datastoreId: DatastoreId;
  /** The address to bind, and only that one (TRIAGE_DICOM_HOST). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Our AE title: associations calling another are rejected. */
  aeTitle: string;
  /** Calling AE titles allowed to associate; empty or absent allows any. */
  callingAeTitles?: readonly string[];
  /** The largest data set one C-STORE may carry (default 1 GiB). */
  instanceLimitBytes?: number;
  audit?: AuditSink;
  logger?: Logger;
  /** Where ingest outcomes are counted: the API's metrics (build-app's appMetrics), so /metrics shows C-STOREs too. */
  metrics?: Pick<ApiMetrics, 'ingested'>;
}

/** A listening DIMSE SCP. */
export interface DimseServer {
  port: number;
  /** The bound address (only the configured host). */
  address: net.AddressInfo;
  /** Stops listening, drops open associations, and waits for stores in flight. */
  close(): Promise<void>;
}

/**
 * Starts the C-ECHO/C-STORE SCP. dcmjs-dimse's own Server listens on every address, so the
 * net.Server is ours (bound to `host` only, TCP_NODELAY on every socket) and each connection is
 * handed to an SCP of dcmjs-dimse.
 */
export async function startDimseServer(options: DimseServerOptions): Promise<DimseServer> {
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };
  const TriageScp = scpClass({
    store: options.store,
    datastoreId: options.datastoreId,
    aeTitle: options.aeTitle,
    callingAeTitles: options.callingAeTitles ?? [],
    instanceLimitBytes: options.instanceLimitBytes ?? 1024 * 1024 * 1024,
    audit: options.audit,
    log: options.logger,
    metrics: options.metrics,
    track,
  });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const scp = new TriageScp(socket);
    scp.on('networkError', (error: Error) => {
      options.logger?.warn({ peer: socket.remoteAddress, reason: error.message }, 'dimse: network error');
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.logger?.error({ err: error }, 'dimse: server error'));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    address,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await Promise.allSettled([...inFlight]);
    },
  };
}
