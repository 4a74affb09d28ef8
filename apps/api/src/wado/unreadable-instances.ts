import type { FastifyReply } from 'fastify';
import type { ApiContext } from '../app/api-context';
import { unreadableInstances } from '../app/api-metrics';

/** Why a stored instance could not be served: its image set's document, its own metadata, or its frames. */
export type UnreadableReason = 'document' | 'metadata' | 'frames';

/** A stored instance that a read left out, and why. */
export interface UnreadableInstance {
  sopInstanceUid: string;
  reason: UnreadableReason;
  /** What failed, in words (an error's message). */
  detail: string;
}

/** The message of anything thrown: the store's and the DICOM library's errors, strings and the rest. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An RFC 7234 Warning value naming the instance (299: a persistent warning; quoted-string safe, one line, latin1). */
export function warningValue(instance: UnreadableInstance): string {
  const text = `instance ${instance.sopInstanceUid} skipped: ${instance.detail}`
    // A header value is one latin1 line, and the quoted-string ends at an unescaped quote.
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .slice(0, 300);
  return `299 triage "${text}"`;
}

/**
 * Logs and counts instances a read left out, and names them in the answer's Warning header
 * while its head can still change (a part that fails after the body started is logged and counted only).
 */
export function reportUnreadable(reply: FastifyReply, ctx: ApiContext, instances: UnreadableInstance[]): void {
  if (instances.length === 0) return;
  const counter = unreadableInstances(ctx.metrics);
  for (const instance of instances) {
    counter.inc({ reason: instance.reason });
    reply.log.warn(
      { sopInstanceUid: instance.sopInstanceUid, reason: instance.reason, detail: instance.detail },
      'unreadable instance skipped',
    );
  }
  if (reply.sent || reply.raw.headersSent) return;
  const previous = reply.getHeader('warning');
  const values = instances.map(warningValue);
  reply.header('warning', [...(previous === undefined ? [] : [String(previous)]), ...values].join(', '));
}

/** Collects the instances whose frames an answer could not serve, reporting each as it fails. */
export function frameFailures(
  reply: FastifyReply,
  ctx: ApiContext,
): { failed: UnreadableInstance[]; onFailure: (job: { sopInstanceUid: string }, error: unknown) => void } {
  const failed: UnreadableInstance[] = [];
  const onFailure = (job: { sopInstanceUid: string }, error: unknown) => {
    const unreadable: UnreadableInstance = { sopInstanceUid: job.sopInstanceUid, reason: 'frames', detail: errorDetail(error) };
    failed.push(unreadable);
    reportUnreadable(reply, ctx, [unreadable]);
  };
  return { failed, onFailure };
}
