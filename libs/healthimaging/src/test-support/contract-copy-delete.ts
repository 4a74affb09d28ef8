import type { DatastoreId, ImageSetId, ImageSetMetadata } from '@triage/dicom';
import type { HealthImaging } from '../health-imaging';
import { HealthImagingError } from '../health-imaging-error';
import { readImageFrame } from '../read-image-frame';
import { readImageSetMetadata } from '../read-image-set-metadata';
import {
  CONTRACT_TEST_TIMEOUT_MS,
  activeImageSet,
  eventually,
  expectHealthImagingError,
  imageSetIdsWhere,
  unknownId,
} from './contract-helpers';
import { imageSetOf, type ContractState } from './contract-types';

const ID = /^[0-9a-z]{32}$/;

/** Frame bytes of every instance of a document, by series, SOP instance and frame number. */
async function frameBytes(
  hi: HealthImaging,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
  doc: ImageSetMetadata,
): Promise<Map<string, Buffer>> {
  const bytes = new Map<string, Buffer>();
  for (const [seriesUid, series] of Object.entries(doc.Study.Series)) {
    for (const [sopUid, instance] of Object.entries(series.Instances)) {
      for (const [i, frame] of instance.ImageFrames.entries()) {
        bytes.set(
          `${seriesUid}/${sopUid}/${i}`,
          Buffer.from(await readImageFrame(hi, { datastoreId, imageSetId, imageFrameInformation: { imageFrameId: frame.ID } })),
        );
      }
    }
  }
  return bytes;
}

/** CopyImageSet (to a new image set and into an existing one) and DeleteImageSet. */
export function copyDeleteContract(state: () => ContractState): void {
  describe('CopyImageSet and DeleteImageSet', () => {
    let copyId: ImageSetId;

    const source = () => imageSetOf(state(), state().instances.forCopy);

    it(
      'copies an image set to a new one, frames and metadata included, leaving the source as it was',
      async () => {
        const s = state();
        const out = await s.hi.copyImageSet({
          datastoreId: s.datastoreId,
          sourceImageSetId: source(),
          copyImageSetInformation: { sourceImageSet: { latestVersionId: '1' } },
        });
        expect(out.datastoreId).toBe(s.datastoreId);
        expect(out.sourceImageSetProperties?.imageSetId).toBe(source());
        copyId = out.destinationImageSetProperties?.imageSetId as ImageSetId;
        expect(copyId).toMatch(ID);
        expect(copyId).not.toBe(source());

        const copy = await activeImageSet(s.hi, s.datastoreId, copyId);
        expect(copy.imageSetWorkflowStatus).toBe('COPIED');
        expect(await activeImageSet(s.hi, s.datastoreId, source())).toMatchObject({ versionId: '1' });

        const from = await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId: source() });
        const to = await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId: copyId });
        expect(to.ImageSetID).toBe(copyId);
        expect(to.Patient).toEqual(from.Patient);
        expect(to.Study.DICOM).toEqual(from.Study.DICOM);
        expect(Object.keys(to.Study.Series)).toEqual(Object.keys(from.Study.Series));
        const fromFrames = await frameBytes(s.hi, s.datastoreId, source(), from);
        expect(await frameBytes(s.hi, s.datastoreId, copyId, to)).toEqual(fromFrames);
        expect(fromFrames.size).toBe(1);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'refuses a stale source version with ConflictException',
      async () => {
        const s = state();
        await expectHealthImagingError(
          s.hi.copyImageSet({
            datastoreId: s.datastoreId,
            sourceImageSetId: source(),
            copyImageSetInformation: { sourceImageSet: { latestVersionId: '7' } },
          }),
          'ConflictException',
        );
        await expectHealthImagingError(
          s.hi.copyImageSet({
            datastoreId: s.datastoreId,
            sourceImageSetId: unknownId(),
            copyImageSetInformation: { sourceImageSet: { latestVersionId: '1' } },
          }),
          'ResourceNotFoundException',
        );
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'copies into an existing image set as its next version, refusing a stale destination version',
      async () => {
        const s = state();
        const sibling = s.instances.copySibling;
        await s.fixture.seed([sibling.bytes]);
        const [withSibling] = await eventually('the sibling series to be stored', async () => {
          const found = await imageSetIdsWhere(s.hi, s.datastoreId, [
            { operator: 'EQUAL', values: [{ DICOMSeriesInstanceUID: sibling.seriesInstanceUid }] },
          ]);
          return found.length > 0 ? found : undefined;
        });
        const sourceVersion = (await activeImageSet(s.hi, s.datastoreId, withSibling)).versionId ?? '';
        const destinationVersion = (await activeImageSet(s.hi, s.datastoreId, copyId)).versionId ?? '';
        expect(destinationVersion).toMatch(/^\d+$/);
        const copy = (latestVersionId: string) =>
          s.hi.copyImageSet({
            datastoreId: s.datastoreId,
            sourceImageSetId: withSibling,
            copyImageSetInformation: {
              sourceImageSet: { latestVersionId: sourceVersion },
              destinationImageSet: { imageSetId: copyId, latestVersionId },
            },
          });

        await expectHealthImagingError(copy(String(Number(destinationVersion) + 5)), 'ConflictException');
        const out = await copy(destinationVersion);
        expect(out.destinationImageSetProperties).toMatchObject({
          imageSetId: copyId,
          latestVersionId: String(Number(destinationVersion) + 1),
        });

        await activeImageSet(s.hi, s.datastoreId, copyId);
        const merged = await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId: copyId });
        expect(Object.keys(merged.Study.Series).sort()).toEqual([s.instances.forCopy.seriesInstanceUid, sibling.seriesInstanceUid].sort());
        expect(Object.keys(merged.Study.Series[sibling.seriesInstanceUid].Instances)).toEqual([sibling.sopInstanceUid]);
        const frames = await frameBytes(s.hi, s.datastoreId, copyId, merged);
        expect(frames.size).toBe(2);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'deletes an image set: gone from search and reads, its source untouched',
      async () => {
        const s = state();
        const out = await s.hi.deleteImageSet({ datastoreId: s.datastoreId, imageSetId: copyId });
        expect(out).toMatchObject({ datastoreId: s.datastoreId, imageSetId: copyId });
        expect(['LOCKED', 'DELETED']).toContain(out.imageSetState);

        await eventually('the image set to be deleted', async () => {
          try {
            const set = await s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId: copyId });
            return set.imageSetState === 'DELETED' ? true : undefined;
          } catch (error) {
            if (error instanceof HealthImagingError && error.name === 'ResourceNotFoundException') return true;
            throw error;
          }
        });
        const found = await imageSetIdsWhere(s.hi, s.datastoreId, [
          { operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: s.instances.forCopy.studyInstanceUid }] },
        ]);
        expect(found).not.toContain(copyId);
        expect(found).toContain(source());
        await expectHealthImagingError(
          s.hi.getImageSetMetadata({ datastoreId: s.datastoreId, imageSetId: copyId }),
          'ResourceNotFoundException',
        );

        // The copy shared nothing the source still needs.
        const from = await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId: source() });
        expect((await frameBytes(s.hi, s.datastoreId, source(), from)).size).toBeGreaterThanOrEqual(1);

        await expectHealthImagingError(
          s.hi.deleteImageSet({ datastoreId: s.datastoreId, imageSetId: unknownId() }),
          'ResourceNotFoundException',
        );
        await expectHealthImagingError(s.hi.deleteImageSet({ datastoreId: s.datastoreId, imageSetId: '..' }), 'ValidationException');
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });
}
