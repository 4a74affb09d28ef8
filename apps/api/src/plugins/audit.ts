import type { AuditEvent, AuditOutcome, AuditSink, StudyAccessWindowOptions } from '@triage/platform';
import { StudyAccessWindows, isAudited, recordDurably } from '@triage/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { studyReadOf } from './audit/study-read';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the audit record names as the resource when the path alone does not say (a token name from a body). */
    auditResource?: string;
    /** How many results a search or metadata answer holds, set by the handler that built it (else counted from the JSON). */
    auditResults?: number;
    /** How many frames a study read's answer held, set by its handler (else the frames the route was asked for). */
    auditFrames?: number;
    /** How many instances a study read's answer held, set by its handler (else one for an instance, the metadata's count). */
    auditInstances?: number;
  }
  interface FastifyContextConfig {
    /** Audited under this action whatever the outcome, for routes outside the role table (sign-in, sign-out). */
    audit?: string;
  }
}

/** Longest resource and detail kept: enough for any path of validated ids, and bounded for junk paths. */
const MAX_TEXT = 512;
/** Query parameter names are recorded only when they look like names (keywords, tags), never values. */
const KEY_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** Results are counted in JSON answers up to this size; beyond it the count is not worth the parse. */
const COUNT_LIMIT = 8 * 1024 * 1024;

/** Where audit records go, and how study reads are gathered into windows (default: 5 s, see StudyAccessWindows). */
export interface AuditPluginOptions {
  audit: AuditSink;
  /** `{ windowMs: 0 }` records every study read on its own. */
  studyReads?: StudyAccessWindowOptions;
}

/**
 * Audits from the route's declared action: every request whose action is audited in the role table
 * (PHI reads, changes) or that names its own `audit` action (sign-in), and every refusal (401, 403,
 * 429), recorded in onSend, durable before the answer leaves (concurrent requests share one fsync
 * when the sink can batch). The record carries who, role, action, the path (never the query
 * string), where from and the outcome; for searches, the names of the matching keys and the number
 * of results, never their values. Successful reads of one study's data (WADO-RS retrievals, frames,
 * metadata, renderings; GetImageFrame, GetImageSetMetadata) are audited per access (PS3.15 A.5.3.6):
 * the first read of a study by a principal durably as above, the reads of it that follow within the
 * window as one record when the window ends, and on close (the app's onClose, which runs once the
 * requests in flight are answered and before the caller closes the audit log).
 */
export const auditPlugin = fp<AuditPluginOptions>(
  async (app, { audit, studyReads }) => {
    const windows = new StudyAccessWindows(audit, {
      ...studyReads,
      onError:
        studyReads?.onError ??
        ((error) => app.log.error({ err: error }, 'audit: the record of a study access window could not be written')),
    });
    app.decorateRequest('auditResource', undefined);
    app.decorateRequest('auditResults', undefined);
    app.decorateRequest('auditFrames', undefined);
    app.decorateRequest('auditInstances', undefined);
    app.addHook('onSend', async (request, reply, payload) => {
      const event = auditEvent(request, reply, payload);
      if (!event) return payload;
      const read = studyReadOf(request, event);
      if (read) await windows.access(read);
      else await recordDurably(audit, event);
      return payload;
    });
    app.addHook('onClose', () => windows.close());
  },
  { name: 'triage-audit', dependencies: ['triage-auth'] },
);

/** The event for a request, or undefined when it is neither audited nor refused. */
export function auditEvent(request: FastifyRequest, reply: FastifyReply, payload: unknown): AuditEvent | undefined {
  const status = reply.statusCode;
  const config = request.is404 ? undefined : request.routeOptions.config;
  // Failing before a principal is set is failing to authenticate (a SigV4 route answers as AWS does, 400 or 403).
  const refused = status === 401 || status === 403 || status === 429 || (status >= 400 && !request.principal && !!config && !config.public);
  const action = config?.audit ?? config?.action;
  if (!refused && !config?.audit && !(action && isAudited(action))) return undefined;
  const outcome: AuditOutcome = refused ? 'refused' : status >= 400 ? 'failed' : 'success';
  const details: string[] = [];
  if (refused) details.push(request.refusal ?? errorType(reply) ?? `status ${status}`);
  else if (outcome === 'failed') details.push(`status ${status}`);
  const keys = Object.keys((request.query as Record<string, unknown> | undefined) ?? {}).filter((k) => KEY_NAME.test(k));
  if (keys.length > 0) details.push(`keys: ${keys.join(',')}`);
  // The handler's own count spares re-parsing a large answer (a 600-slice series' metadata) on the hot path.
  const results = outcome === 'success' ? (request.auditResults ?? countResults(reply, payload)) : undefined;
  if (results !== undefined) details.push(`results: ${results}`);
  const principal = request.principal;
  return {
    actor: principal?.name ?? 'anonymous',
    role: principal?.role ?? 'none',
    action: action ?? (request.is404 ? 'no-route' : 'undeclared'),
    resource: clip(request.auditResource ?? request.url.split('?')[0]),
    outcome,
    source: request.ip,
    ...(details.length > 0 && { detail: clip(details.join('; ')) }),
  };
}

function countResults(reply: FastifyReply, payload: unknown): number | undefined {
  if (typeof payload !== 'string' || payload.length > COUNT_LIMIT || !payload.startsWith('[')) return undefined;
  if (!/json/.test(String(reply.getHeader('content-type') ?? ''))) return undefined;
  try {
    const parsed = JSON.parse(payload) as unknown;
    return Array.isArray(parsed) ? parsed.length : undefined;
  } catch {
    return undefined;
  }
}

/** The AWS error name of a HealthImaging API refusal (`InvalidSignatureException`): a name, never a secret. */
function errorType(reply: FastifyReply): string | undefined {
  const value = reply.getHeader('x-amzn-errortype');
  return typeof value === 'string' ? clip(value.split(':')[0]) : undefined;
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}
