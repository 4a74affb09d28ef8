import type { ImageSetWorkflowStatus } from '@aws-sdk/client-medical-imaging';
import type { LocalContext } from '../local-context';
import { imageSetBacklog } from '../transcode/transcode-queue';

/**
 * What the latest version of an image set says while some of its frames await transcoding:
 * IMPORTING and how many are left; undefined once none is pending (the stored status applies).
 */
export function transcodingStatus(
  ctx: LocalContext,
  imageSetId: string,
): { workflowStatus: ImageSetWorkflowStatus; message: string } | undefined {
  const { pending, frames } = imageSetBacklog(ctx.db, imageSetId);
  if (pending === 0) return undefined;
  return { workflowStatus: 'IMPORTING', message: `transcoding: ${pending} of ${frames} frames to go` };
}
