import { DicomwebClient } from '@triage/dicomweb';
import type { GeneratedInstance } from '@triage/sample-data';
import { generateChestStudies, generateCtSeries } from '@triage/sample-data';

/** The seed of every study the browser tests ingest: the same seed gives byte-identical files, so the tables below hold. */
export const CLINIC_SEED = 'viewer-e2e';

/** Small images: the pixels are checked, not the resolution, and a 2-core machine ingests them in seconds. */
const CHEST_SIZE = 256;
const CT_SIZE = 128;
export const CT_SLICES = 100;

/** The studies every browser spec starts with: four chest radiographs (DX) and one 100-slice CT. */
export interface ClinicStudies {
  chest: GeneratedInstance[];
  /** In InstanceNumber order: ct[0] is slice 1, ct[99] slice 100. */
  ct: GeneratedInstance[];
}

/** Generates the studies (deterministic from {@link CLINIC_SEED}). */
export function clinicStudies(): ClinicStudies {
  return {
    chest: [...generateChestStudies({ count: 4, seed: CLINIC_SEED, size: CHEST_SIZE })],
    ct: [...generateCtSeries({ slices: CT_SLICES, seed: CLINIC_SEED, rows: CT_SIZE, columns: CT_SIZE })],
  };
}

/**
 * What the generator draws for each study from {@link CLINIC_SEED}, as the worklist should show it
 * (checked against the files by clinic-studies.spec.ts, so a change of the generator shows here first).
 */
export const CLINIC_WORKLIST = [
  { patientName: 'SYNTHETIC^CHEST0000', studyDate: '20221101', modality: 'DX', instances: 1 },
  { patientName: 'SYNTHETIC^CHEST0001', studyDate: '20230426', modality: 'DX', instances: 1 },
  { patientName: 'SYNTHETIC^CHEST0002', studyDate: '20240704', modality: 'DX', instances: 1 },
  { patientName: 'SYNTHETIC^CHEST0003', studyDate: '20231116', modality: 'DX', instances: 1 },
  { patientName: 'SYNTHETIC^CT0000', studyDate: '20240526', modality: 'CT', instances: CT_SLICES },
] as const;

/** Stores every study through STOW-RS as the admin, in batches; throws unless every instance was accepted. */
export async function ingestClinic(apiUrl: string, adminToken: string, studies: ClinicStudies): Promise<void> {
  const client = new DicomwebClient({ url: `${apiUrl}/dicomweb`, authorization: `Bearer ${adminToken}` });
  const all = [...studies.chest, ...studies.ct];
  for (let i = 0; i < all.length; i += 25) {
    const batch = all.slice(i, i + 25);
    const answer = await client.store(batch.map((instance) => instance.bytes));
    if (answer.result.failed.length > 0 || answer.result.accepted.length !== batch.length)
      throw new Error(`STOW-RS of the clinic's studies: ${JSON.stringify(answer.result.failed)}`);
  }
}
