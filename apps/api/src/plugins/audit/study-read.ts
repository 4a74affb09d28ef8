import type { AuditEvent, StudyAccess } from '@triage/platform';
import type { FastifyRequest } from 'fastify';
import { DICOMWEB_PREFIX } from '../../app/api-context';

/**
 * WADO-RS retrievals of one study's data: the study, a series, an instance, their metadata, frames, renderings.
 * Not the QIDO searches under a study (`/studies/:study/series`, `/studies/:study/series/:series/instances`):
 * a search is recorded on its own.
 */
const WADO_STUDY_READ = new RegExp(
  `^${DICOMWEB_PREFIX}/studies/:study(/series/:series(/instances/:instance(/frames/:frames)?)?)?(/metadata|/rendered|/thumbnail)?$`,
);
/** The HealthImaging API's reads of an image set's data (not GetImageSet, its status). */
const IMAGE_SET_READ = /^\/datastore\/:datastoreId\/imageSet\/:imageSetId\/(getImageFrame|getImageSetMetadata)$/;

type Params = Partial<Record<'study' | 'series' | 'instance' | 'frames' | 'datastoreId' | 'imageSetId', string>>;

/** Whether a route (its pattern and action) reads one study's data, and so is audited per access. */
export function isStudyReadRoute(url: string, action: string | undefined): boolean {
  return (action === 'dicomweb.read' && WADO_STUDY_READ.test(url)) || (action === 'healthimaging.read' && IMAGE_SET_READ.test(url));
}

/**
 * The study access a successful request's audit event stands for, when it read one study's data
 * (a WADO-RS retrieval, or the HealthImaging API's GetImageFrame and GetImageSetMetadata, keyed by
 * their image set where no study UID is named); undefined for everything else (searches, changes,
 * refusals, failures), which is recorded on its own. Frames and instances are what the handler set
 * (`auditFrames`, `auditInstances`), else what the route says: the frame numbers a frames request
 * asked for, one instance for an instance, the metadata answer's count (`auditResults`).
 */
export function studyReadOf(request: FastifyRequest, event: AuditEvent): StudyAccess | undefined {
  if (event.outcome !== 'success' || request.is404) return undefined;
  const url = request.routeOptions.url ?? '';
  const params = (request.params ?? {}) as Params;
  const action = request.routeOptions.config.action;
  const study = params.study;
  if (action === 'dicomweb.read' && study) {
    const match = WADO_STUDY_READ.exec(url);
    if (!match) return undefined;
    const [, , , frames, suffix] = match;
    const instanceLevel = params.instance !== undefined && !frames;
    return {
      event,
      study,
      // The route with its study: one window per kind of read (frames, series metadata, ...), named for what it counts.
      resource: url.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'study' ? study : '*')),
      frames: request.auditFrames ?? (frames && params.frames ? params.frames.split(',').length : 0),
      instances:
        request.auditInstances ?? (suffix === '/metadata' ? (request.auditResults ?? 0) : instanceLevel && suffix === undefined ? 1 : 0),
    };
  }
  if (action === 'healthimaging.read' && params.datastoreId && params.imageSetId) {
    const match = IMAGE_SET_READ.exec(url);
    if (!match) return undefined;
    return {
      event,
      study: `imageSet:${params.datastoreId}/${params.imageSetId}`,
      resource: `/datastore/${params.datastoreId}/imageSet/${params.imageSetId}/${match[1]}`,
      frames: request.auditFrames ?? (match[1] === 'getImageFrame' ? 1 : 0),
      instances: request.auditInstances ?? 0,
    };
  }
  return undefined;
}
