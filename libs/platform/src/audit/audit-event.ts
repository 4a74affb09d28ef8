/** What happened to a request or a change, as the audit log records it. */
export type AuditOutcome = 'success' | 'refused' | 'failed';

/**
 * One audited action: who (and in which role), did what, to which resource, from where, with
 * what outcome. Never a secret, never pixel data; identifiers only.
 */
export interface AuditEvent {
  /** The principal's name, or `anonymous` for a refused request without credentials. */
  actor: string;
  /** The principal's role, or `none`. */
  role: string;
  /** A stable verb: `dicomweb.read.metadata`, `dicomweb.store`, `dimse.c-store`, `healthimaging.GetImageFrame`, `token.create`, ... */
  action: string;
  /** What was acted on: a path with its identifiers (`studies/1.2.3/series/4.5.6`), an image set id, a token name. */
  resource: string;
  outcome: AuditOutcome;
  /** Where from: a peer address, an AE title (`dimse:CALLING@127.0.0.1`), `cli`. */
  source: string;
  /** A short reason for refusals and failures. */
  detail?: string;
}

/** Where audit events go: the hash-chained log, or a test's collector. Recording is synchronous and durable before it returns. */
export interface AuditSink {
  record(event: AuditEvent): void;
  /** The same, resolving once durable, without blocking the event loop (a sink that can batch its syncs offers it). */
  recordDurably?(event: AuditEvent): Promise<void>;
}

/** Records an event through the sink, resolving once it is durable where the sink can say so (else once recorded). */
export function recordDurably(sink: AuditSink, event: AuditEvent): Promise<void> {
  if (sink.recordDurably) return sink.recordDurably(event);
  try {
    sink.record(event);
    return Promise.resolve();
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
