import type { ImageSetProperties } from '@aws-sdk/client-medical-imaging';
import type { ImageSetMetadata } from '@triage/dicom';
import { readImageSetMetadata } from '../read-image-set-metadata';
import { CONTRACT_TEST_TIMEOUT_MS, activeImageSet, expectHealthImagingError, imageSetIdsWhere, jsonBytes } from './contract-helpers';
import { imageSetOf, type ContractState } from './contract-types';

/** UpdateImageSetMetadata (updatable and removable attributes, version conflicts, revert) and ListImageSetVersions. */
export function updateContract(state: () => ContractState): void {
  describe('UpdateImageSetMetadata', () => {
    let v1: ImageSetMetadata;
    const newPatientId = 'CONTRACT-UPDATED-ID';

    const ids = () => {
      const s = state();
      return { datastoreId: s.datastoreId, imageSetId: imageSetOf(s, s.instances.forUpdate) };
    };

    it(
      'applies updatable attributes as a new version, keeping the old one readable',
      async () => {
        const s = state();
        v1 = await readImageSetMetadata(s.hi, ids());
        const out = await s.hi.updateImageSetMetadata({
          ...ids(),
          latestVersionId: '1',
          updateImageSetMetadataUpdates: {
            DICOMUpdates: {
              updatableAttributes: jsonBytes({
                SchemaVersion: 1.1,
                Patient: { DICOM: { PatientID: newPatientId } },
                Study: { DICOM: { StudyDescription: 'CONTRACT UPDATED' } },
              }),
            },
          },
        });
        expect(out).toMatchObject({ ...ids(), latestVersionId: '2' });
        const set = await activeImageSet(s.hi, s.datastoreId, ids().imageSetId);
        expect(set).toMatchObject({ versionId: '2', imageSetWorkflowStatus: 'UPDATED' });

        const v2 = await readImageSetMetadata(s.hi, ids());
        expect(v2.Study.DICOM['StudyDescription']).toBe('CONTRACT UPDATED');
        expect(v2.Patient.DICOM['PatientID']).toBe(newPatientId);
        expect(v2.Study.Series).toEqual(v1.Study.Series);
        expect(await readImageSetMetadata(s.hi, { ...ids(), versionId: '1' })).toEqual(v1);

        expect(await imageSetIdsWhere(s.hi, s.datastoreId, [{ operator: 'EQUAL', values: [{ DICOMPatientId: newPatientId }] }])).toEqual([
          ids().imageSetId,
        ]);
        expect(
          await imageSetIdsWhere(s.hi, s.datastoreId, [
            { operator: 'EQUAL', values: [{ DICOMPatientId: s.instances.forUpdate.patientId }] },
          ]),
        ).not.toContain(ids().imageSetId);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'refuses a stale latestVersionId with ConflictException and changes nothing',
      async () => {
        const s = state();
        await expectHealthImagingError(
          s.hi.updateImageSetMetadata({
            ...ids(),
            latestVersionId: '1',
            updateImageSetMetadataUpdates: {
              DICOMUpdates: {
                updatableAttributes: jsonBytes({ SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'LOST UPDATE' } } }),
              },
            },
          }),
          'ConflictException',
        );
        expect(await s.hi.getImageSet(ids())).toMatchObject({ versionId: '2' });
        expect((await readImageSetMetadata(s.hi, ids())).Study.DICOM['StudyDescription']).toBe('CONTRACT UPDATED');
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'refuses attributes that are not a JSON metadata update with ValidationException',
      async () => {
        const s = state();
        await expectHealthImagingError(
          s.hi.updateImageSetMetadata({
            ...ids(),
            latestVersionId: '2',
            updateImageSetMetadataUpdates: {
              DICOMUpdates: { updatableAttributes: new TextEncoder().encode('{"SchemaVersion": 1.1, "Study": ') },
            },
          }),
          'ValidationException',
        );
        await expectHealthImagingError(
          s.hi.updateImageSetMetadata({
            datastoreId: s.datastoreId,
            imageSetId: 'not/an/id',
            latestVersionId: '2',
            updateImageSetMetadataUpdates: {
              DICOMUpdates: { updatableAttributes: jsonBytes({ SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'X' } } }) },
            },
          }),
          'ValidationException',
        );
        expect(await s.hi.getImageSet(ids())).toMatchObject({ versionId: '2' });
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'removes removable attributes as a new version',
      async () => {
        const s = state();
        const out = await s.hi.updateImageSetMetadata({
          ...ids(),
          latestVersionId: '2',
          updateImageSetMetadataUpdates: {
            DICOMUpdates: {
              removableAttributes: jsonBytes({ SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'CONTRACT UPDATED' } } }),
            },
          },
        });
        expect(out.latestVersionId).toBe('3');
        await activeImageSet(s.hi, s.datastoreId, ids().imageSetId);
        const v3 = await readImageSetMetadata(s.hi, ids());
        expect(v3.Study.DICOM).not.toHaveProperty('StudyDescription');
        expect(v3.Patient.DICOM['PatientID']).toBe(newPatientId);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'reverts to version 1 as a new version with version 1 content',
      async () => {
        const s = state();
        const out = await s.hi.updateImageSetMetadata({
          ...ids(),
          latestVersionId: '3',
          updateImageSetMetadataUpdates: { revertToVersionId: '1' },
        });
        expect(out.latestVersionId).toBe('4');
        await activeImageSet(s.hi, s.datastoreId, ids().imageSetId);
        const v4 = await readImageSetMetadata(s.hi, ids());
        expect(v4.Patient).toEqual(v1.Patient);
        expect(v4.Study).toEqual(v1.Study);
        expect(
          await imageSetIdsWhere(s.hi, s.datastoreId, [
            { operator: 'EQUAL', values: [{ DICOMPatientId: s.instances.forUpdate.patientId }] },
          ]),
        ).toContain(ids().imageSetId);
        expect(await imageSetIdsWhere(s.hi, s.datastoreId, [{ operator: 'EQUAL', values: [{ DICOMPatientId: newPatientId }] }])).toEqual(
          [],
        );
        await expectHealthImagingError(
          s.hi.updateImageSetMetadata({ ...ids(), latestVersionId: '4', updateImageSetMetadataUpdates: { revertToVersionId: '42' } }),
          ['ResourceNotFoundException', 'ValidationException'],
        );
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'lists all four versions, page by page',
      async () => {
        const s = state();
        const versions: ImageSetProperties[] = [];
        let nextToken: string | undefined;
        let pages = 0;
        do {
          const page = await s.hi.listImageSetVersions({ ...ids(), maxResults: 2, nextToken });
          expect((page.imageSetPropertiesList ?? []).length).toBeLessThanOrEqual(2);
          versions.push(...(page.imageSetPropertiesList ?? []));
          nextToken = page.nextToken;
          pages++;
        } while (nextToken && pages < 20);
        expect(pages).toBeGreaterThanOrEqual(2);
        expect(versions.map((v) => v.versionId).sort()).toEqual(['1', '2', '3', '4']);
        expect(versions.every((v) => v.imageSetId === ids().imageSetId)).toBe(true);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });
}
