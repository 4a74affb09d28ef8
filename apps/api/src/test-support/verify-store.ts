import * as path from 'node:path';
import { CodecPool, decodeFrame } from '@triage/codec';
import { LocalHealthImaging } from '@triage/healthimaging';
import { frameBytes, metadataDocument } from './read-store';
import { numberedPixelModule, type SyntheticInstance } from '@triage/test-support';

const HTJ2K_RPCL = '1.2.840.10008.1.2.4.202';

/** What {@link verifyStore} found. */
export interface StoreReport {
  /** Image sets whose metadata lists an instance with a missing or unreadable frame: must be empty. */
  problems: string[];
  /** SOP Instance UIDs listed in the metadata of every image set. */
  listed: string[];
  /** Expected instances that are missing or differ, with why: must be empty. */
  mismatches: string[];
}

/**
 * Opens the store of a (stopped) server's data directory and checks it: every expected instance is
 * found with its frame decoding bit-exact to the pixels sent, and every image set is whole (each
 * instance in its metadata has every frame, and every frame reads and decodes).
 */
export async function verifyStore(dataDir: string, expected: SyntheticInstance[], datastoreName = 'default'): Promise<StoreReport> {
  const codecPool = new CodecPool({ size: 1 });
  const store = await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging'), codecPool });
  const report: StoreReport = { problems: [], listed: [], mismatches: [] };
  try {
    const datastoreId = await store.ensureDatastore(datastoreName);
    for (const instance of expected) {
      const locations = await store.locateInstances(
        datastoreId,
        instance.studyInstanceUid,
        instance.seriesInstanceUid,
        instance.sopInstanceUid,
      );
      if (locations.length !== 1 || locations[0].imageFrameIds.length !== 1) {
        report.mismatches.push(`${instance.sopInstanceUid}: ${locations.length} locations`);
        continue;
      }
      const [location] = locations;
      const frame = await frameBytes(store, datastoreId, location.imageSetId, location.imageFrameIds[0]);
      const decoded = decodeFrame(HTJ2K_RPCL, frame, FRAME_INFO);
      if (!Buffer.from(decoded.pixels).equals(Buffer.from(instance.pixels)))
        report.mismatches.push(`${instance.sopInstanceUid}: pixels differ`);
    }
    let nextToken: string | undefined;
    do {
      const page = await store.searchImageSets({ datastoreId, nextToken, maxResults: 50 });
      for (const summary of page.imageSetsMetadataSummaries ?? []) {
        const imageSetId = String(summary.imageSetId);
        const document = await metadataDocument(store, datastoreId, imageSetId);
        for (const series of Object.values(document.Study.Series)) {
          for (const [sop, instance] of Object.entries(series.Instances)) {
            report.listed.push(sop);
            if (instance.ImageFrames.length === 0) report.problems.push(`${imageSetId}/${sop}: no frames`);
            for (const frame of instance.ImageFrames) {
              try {
                const bytes = await frameBytes(store, datastoreId, imageSetId, frame.ID);
                if (bytes.length !== frame.FrameSizeInBytes)
                  report.problems.push(`${imageSetId}/${sop}/${frame.ID}: ${bytes.length} bytes, metadata says ${frame.FrameSizeInBytes}`);
                decodeFrame(HTJ2K_RPCL, bytes, FRAME_INFO);
              } catch (error) {
                report.problems.push(`${imageSetId}/${sop}/${frame.ID}: ${(error as Error).message}`);
              }
            }
          }
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } finally {
    await store.close();
    await codecPool.close();
  }
  return report;
}

// The numbered instances' Image Pixel module.
const FRAME_INFO = numberedPixelModule();
