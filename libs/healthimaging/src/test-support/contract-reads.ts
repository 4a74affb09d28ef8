import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { decodeFrame } from '@triage/codec';
import { TransferSyntax, summarizeFrame } from '@triage/dicom';
import { readImageFrame } from '../read-image-frame';
import { readImageSetMetadata } from '../read-image-set-metadata';
import { decodeOriginalFrames } from './contract-data';
import { CONTRACT_TEST_TIMEOUT_MS, expectHealthImagingError, unknownId } from './contract-helpers';
import { imageSetOf, type ContractState } from './contract-types';

const ID = /^[0-9a-z]{32}$/;

/** GetImageSet, GetImageSetMetadata, GetImageFrame, ListImageSetVersions of unchanged image sets. */
export function readContract(state: () => ContractState): void {
  describe('GetImageSet', () => {
    it(
      'describes a stored image set: version 1, ACTIVE, created',
      async () => {
        const s = state();
        for (const instance of s.instances.readOnly) {
          const imageSetId = imageSetOf(s, instance);
          const set = await s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId });
          expect(set).toMatchObject({ datastoreId: s.datastoreId, imageSetId, versionId: '1', imageSetState: 'ACTIVE', isPrimary: true });
          expect(['CREATED', 'IMPORTED']).toContain(set.imageSetWorkflowStatus);
          expect(set.createdAt).toBeInstanceOf(Date);
          expect(set.updatedAt?.getTime()).toBeGreaterThanOrEqual(set.createdAt?.getTime() ?? Infinity);
          expect(await s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId, versionId: '1' })).toMatchObject({ versionId: '1' });
        }
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'answers ResourceNotFoundException for unknown image sets and versions, ValidationException for malformed ids',
      async () => {
        const s = state();
        const imageSetId = imageSetOf(s, s.instances.readOnly[0]);
        await expectHealthImagingError(
          s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId: unknownId() }),
          'ResourceNotFoundException',
        );
        await expectHealthImagingError(
          s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId, versionId: '99' }),
          'ResourceNotFoundException',
        );
        await expectHealthImagingError(
          s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId: '..%2F..%2Fetc' }),
          'ValidationException',
        );
        await expectHealthImagingError(s.hi.getImageSet({ datastoreId: s.datastoreId, imageSetId: 'not-an-id' }), 'ValidationException');
        await expectHealthImagingError(s.hi.getImageSet({ datastoreId: unknownId(), imageSetId }), 'ResourceNotFoundException');
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });

  describe('GetImageSetMetadata', () => {
    it(
      'returns the gzipped metadata document: Patient, Study, Series, Instances, ImageFrames',
      async () => {
        const s = state();
        for (const instance of s.instances.readOnly) {
          const imageSetId = imageSetOf(s, instance);
          const raw = await s.hi.getImageSetMetadata({ datastoreId: s.datastoreId, imageSetId });
          expect(raw.contentEncoding).toBe('gzip');
          expect(raw.contentType).toMatch(/^application\/json/);
          expect(raw.imageSetMetadataBlob).toBeInstanceOf(Readable);
          const gzipped = await buffer(raw.imageSetMetadataBlob);
          expect([gzipped[0], gzipped[1]]).toEqual([0x1f, 0x8b]);
          const doc = JSON.parse(gunzipSync(gzipped).toString('utf8'));

          expect(doc).toMatchObject({ SchemaVersion: '1.1', DatastoreID: s.datastoreId, ImageSetID: imageSetId });
          expect(doc.Patient.DICOM.PatientID).toBe(instance.patientId);
          expect(doc.Study.DICOM.StudyInstanceUID).toBe(instance.studyInstanceUid);
          expect(doc.Study.DICOM.StudyDate).toBe(instance.studyDate);
          expect(Object.keys(doc.Study.Series)).toEqual([instance.seriesInstanceUid]);
          const series = doc.Study.Series[instance.seriesInstanceUid];
          expect(series.DICOM.SeriesInstanceUID).toBe(instance.seriesInstanceUid);
          expect(Object.keys(series.Instances)).toEqual([instance.sopInstanceUid]);
          const entry = series.Instances[instance.sopInstanceUid];
          expect(entry.DICOM.SOPInstanceUID).toBe(instance.sopInstanceUid);
          expect(entry.DICOM).not.toHaveProperty('PixelData');
          expect(entry.StoredTransferSyntaxUID).toBe(TransferSyntax.HTJ2KLosslessRPCL);
          expect(entry.ImageFrames).toHaveLength(instance.frames);
          for (const frame of entry.ImageFrames) expect(frame.ID).toMatch(ID);
          expect(new Set(entry.ImageFrames.map((f: { ID: string }) => f.ID)).size).toBe(instance.frames);

          expect(await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId })).toEqual(doc);
          expect(await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId, versionId: '1' })).toEqual(doc);
        }
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'answers ResourceNotFoundException for an unknown image set or version',
      async () => {
        const s = state();
        const imageSetId = imageSetOf(s, s.instances.readOnly[0]);
        await expectHealthImagingError(
          s.hi.getImageSetMetadata({ datastoreId: s.datastoreId, imageSetId: unknownId() }),
          'ResourceNotFoundException',
        );
        await expectHealthImagingError(
          s.hi.getImageSetMetadata({ datastoreId: s.datastoreId, imageSetId, versionId: '99' }),
          'ResourceNotFoundException',
        );
        await expectHealthImagingError(
          s.hi.getImageSetMetadata({ datastoreId: s.datastoreId, imageSetId: 'x/../../y' }),
          'ValidationException',
        );
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });

  describe('GetImageFrame', () => {
    it(
      'streams every frame as image/jph, decodable bit-exact to the original pixels, as the metadata describes it',
      async () => {
        const s = state();
        for (const instance of s.instances.readOnly) {
          const imageSetId = imageSetOf(s, instance);
          const doc = await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId });
          const frames = doc.Study.Series[instance.seriesInstanceUid].Instances[instance.sopInstanceUid].ImageFrames;
          const original = decodeOriginalFrames(instance);
          expect(frames).toHaveLength(original.frames.length);
          for (const [i, frame] of frames.entries()) {
            const out = await s.hi.getImageFrame({
              datastoreId: s.datastoreId,
              imageSetId,
              imageFrameInformation: { imageFrameId: frame.ID },
            });
            expect(out.contentType).toBe('image/jph');
            expect(out.imageFrameBlob).toBeInstanceOf(Readable);
            const bytes = new Uint8Array(await buffer(out.imageFrameBlob));
            expect([bytes[0], bytes[1], bytes[2], bytes[3]]).toEqual([0xff, 0x4f, 0xff, 0x51]);
            expect(frame.FrameSizeInBytes).toBe(bytes.length);

            const decoded = decodeFrame(TransferSyntax.HTJ2KLosslessRPCL, bytes, original.htj2kInfo);
            expect(Buffer.from(decoded.pixels).equals(Buffer.from(original.frames[i].pixels))).toBe(true);
            const full = frame.PixelDataChecksumFromBaseToFullResolution.at(-1);
            const expected = summarizeFrame(original.frames[i]);
            expect(full).toEqual(expected.checksum);
            expect(
              Buffer.from(
                await readImageFrame(s.hi, { datastoreId: s.datastoreId, imageSetId, imageFrameInformation: { imageFrameId: frame.ID } }),
              ).equals(Buffer.from(bytes)),
            ).toBe(true);
          }
        }
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'answers ResourceNotFoundException for an unknown frame and ValidationException for a malformed one',
      async () => {
        const s = state();
        const imageSetId = imageSetOf(s, s.instances.readOnly[0]);
        const other = imageSetOf(s, s.instances.readOnly[1]);
        const doc = await readImageSetMetadata(s.hi, { datastoreId: s.datastoreId, imageSetId: other });
        const [series] = Object.values(doc.Study.Series);
        const [entry] = Object.values(series.Instances);
        const read = (id: string, set = imageSetId) =>
          s.hi.getImageFrame({ datastoreId: s.datastoreId, imageSetId: set, imageFrameInformation: { imageFrameId: id } });
        await expectHealthImagingError(read(unknownId()), 'ResourceNotFoundException');
        // A frame of another image set is not this image set's frame.
        await expectHealthImagingError(read(entry.ImageFrames[0].ID), 'ResourceNotFoundException');
        await expectHealthImagingError(read('../../../../etc/passwd'), 'ValidationException');
        await expectHealthImagingError(read(entry.ImageFrames[0].ID, unknownId()), 'ResourceNotFoundException');
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });

  describe('ListImageSetVersions', () => {
    it(
      'lists the one version of a stored image set',
      async () => {
        const s = state();
        const imageSetId = imageSetOf(s, s.instances.readOnly[0]);
        const out = await s.hi.listImageSetVersions({ datastoreId: s.datastoreId, imageSetId });
        expect(out.imageSetPropertiesList).toHaveLength(1);
        expect(out.imageSetPropertiesList?.[0]).toMatchObject({ imageSetId, versionId: '1', imageSetState: 'ACTIVE' });
        expect(out.imageSetPropertiesList?.[0].createdAt).toBeInstanceOf(Date);
        await expectHealthImagingError(
          s.hi.listImageSetVersions({ datastoreId: s.datastoreId, imageSetId: unknownId() }),
          'ResourceNotFoundException',
        );
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });
}
