import type { ApiTarget } from '../client/api-target';
import { getJson, sendJson } from './demo-api';
import type { DemoStudy } from './store-studies';

/** GET /api/image-sets/{id}/label, the part the viewer reads before a change. */
interface LabelAnswer {
  current?: { version: number; finding: string; verified: boolean };
}

/**
 * Verifies each study's label as a clinician does in the viewer: reads the image set's label, then
 * puts the true finding with the version it saw (a new label version from the signed-in clinician:
 * LabelChanged and ImageVerified on the bus). A few at a time, as several readers would.
 */
export async function verifyLabels(clinician: ApiTarget, studies: ReadonlyArray<DemoStudy>, onVerified: () => void): Promise<void> {
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < studies.length) {
      const study = studies[next++];
      const path = `api/image-sets/${encodeURIComponent(study.imageSetId)}/label`;
      const seen = await getJson<LabelAnswer>(clinician, `opening ${study.imageSetId}`, path);
      await sendJson(clinician, `verifying ${study.imageSetId}`, 'PUT', path, {
        finding: study.truth,
        expectedVersion: seen.current?.version ?? 0,
      });
      onVerified();
    }
  };
  await Promise.all(Array.from({ length: 4 }, reader));
}
