import type { ImageSetsMetadataSummary } from '@aws-sdk/client-medical-imaging';
import { CONTRACT_TEST_TIMEOUT_MS, imageSetIdsWhere, searchAllPages } from './contract-helpers';
import { imageSetOf, type ContractState } from './contract-types';

/** SearchImageSets: each attribute, ranges, sort, pages. */
export function searchContract(state: () => ContractState): void {
  describe('SearchImageSets', () => {
    it(
      'finds each seeded study by DICOMStudyInstanceUID, with its DICOM tags',
      async () => {
        const s = state();
        for (const instance of s.instances.readOnly) {
          const { summaries } = await searchAllPages(s.hi, {
            datastoreId: s.datastoreId,
            searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: instance.studyInstanceUid }] }] },
          });
          expect(summaries).toHaveLength(1);
          const [summary] = summaries;
          expect(summary.imageSetId).toBe(imageSetOf(s, instance));
          expect(summary.version).toBe(1);
          expect(summary.isPrimary).toBe(true);
          expect(summary.createdAt).toBeInstanceOf(Date);
          expect(summary.updatedAt).toBeInstanceOf(Date);
          expect(summary.DICOMTags).toMatchObject({
            DICOMStudyInstanceUID: instance.studyInstanceUid,
            DICOMPatientId: instance.patientId,
            DICOMStudyDate: instance.studyDate,
          });
          if (instance.accessionNumber) expect(summary.DICOMTags?.DICOMAccessionNumber).toBe(instance.accessionNumber);
        }
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'finds image sets by DICOMPatientId, DICOMAccessionNumber and DICOMSeriesInstanceUID',
      async () => {
        const s = state();
        for (const instance of s.instances.readOnly) {
          const id = imageSetOf(s, instance);
          expect(
            await imageSetIdsWhere(s.hi, s.datastoreId, [{ operator: 'EQUAL', values: [{ DICOMPatientId: instance.patientId }] }]),
          ).toContain(id);
          expect(
            await imageSetIdsWhere(s.hi, s.datastoreId, [
              { operator: 'EQUAL', values: [{ DICOMSeriesInstanceUID: instance.seriesInstanceUid }] },
            ]),
          ).toEqual([id]);
          if (instance.accessionNumber) {
            expect(
              await imageSetIdsWhere(s.hi, s.datastoreId, [
                { operator: 'EQUAL', values: [{ DICOMAccessionNumber: instance.accessionNumber }] },
              ]),
            ).toEqual([id]);
          }
        }
        expect(
          await imageSetIdsWhere(s.hi, s.datastoreId, [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'NO-SUCH-PATIENT' }] }]),
        ).toEqual([]);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'finds image sets by DICOMStudyDateAndTime BETWEEN, bounds included, and nothing outside',
      async () => {
        const s = state();
        const byDate = [...s.instances.readOnly].sort((a, b) => (a.studyDate + a.studyTime).localeCompare(b.studyDate + b.studyTime));
        const from = byDate[1];
        const to = byDate[byDate.length - 2];
        const expected = s.instances.readOnly
          .filter((i) => i.studyDate >= from.studyDate && i.studyDate <= to.studyDate)
          .map((i) => imageSetOf(s, i));
        const { summaries } = await searchAllPages(s.hi, {
          datastoreId: s.datastoreId,
          searchCriteria: {
            filters: [
              {
                operator: 'BETWEEN',
                values: [
                  { DICOMStudyDateAndTime: { DICOMStudyDate: from.studyDate, DICOMStudyTime: '000000' } },
                  { DICOMStudyDateAndTime: { DICOMStudyDate: to.studyDate, DICOMStudyTime: '235959' } },
                ],
              },
            ],
          },
        });
        const readOnlyIds = new Set(s.instances.readOnly.map((i) => imageSetOf(s, i)));
        expect(
          summaries
            .map((x) => x.imageSetId)
            .filter((id) => readOnlyIds.has(id as string))
            .sort(),
        ).toEqual(expected.sort());
        for (const summary of summaries) {
          const date = summary.DICOMTags?.DICOMStudyDate ?? '';
          expect(date >= from.studyDate && date <= to.studyDate).toBe(true);
        }
        expect(expected.length).toBeGreaterThanOrEqual(2);
        expect(expected.length).toBeLessThan(s.instances.readOnly.length);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'finds image sets by updatedAt BETWEEN, sorted ascending and descending, page by page',
      async () => {
        const s = state();
        const readOnlyIds = s.instances.readOnly.map((i) => imageSetOf(s, i));
        const range = [{ updatedAt: new Date(s.seededFrom.getTime() - 1000) }, { updatedAt: new Date(s.seededTo.getTime() + 1000) }];
        const run = async (sortOrder: 'ASC' | 'DESC') =>
          searchAllPages(s.hi, {
            datastoreId: s.datastoreId,
            maxResults: 2,
            searchCriteria: { filters: [{ operator: 'BETWEEN', values: range }], sort: { sortField: 'updatedAt', sortOrder } },
          });
        const ascending = await run('ASC');
        expect(ascending.pages).toBeGreaterThanOrEqual(Math.ceil(readOnlyIds.length / 2));
        expect(ascending.summaries.map((x) => x.imageSetId)).toEqual(expect.arrayContaining(readOnlyIds));
        expectSorted(ascending.summaries, 1);
        const descending = await run('DESC');
        expectSorted(descending.summaries, -1);
        expect(descending.summaries.map((x) => x.imageSetId).sort()).toEqual(ascending.summaries.map((x) => x.imageSetId).sort());

        const future = await searchAllPages(s.hi, {
          datastoreId: s.datastoreId,
          searchCriteria: {
            filters: [
              {
                operator: 'BETWEEN',
                values: [{ updatedAt: new Date(Date.now() + 3_600_000) }, { updatedAt: new Date(Date.now() + 7_200_000) }],
              },
            ],
          },
        });
        expect(future.summaries).toEqual([]);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'lists every image set without criteria, in pages of maxResults',
      async () => {
        const s = state();
        const { summaries, pages } = await searchAllPages(s.hi, { datastoreId: s.datastoreId, maxResults: 3 });
        expect(summaries.map((x) => x.imageSetId)).toEqual(expect.arrayContaining(s.instances.readOnly.map((i) => imageSetOf(s, i))));
        expect(pages).toBeGreaterThanOrEqual(Math.ceil(s.instances.readOnly.length / 3));
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });
}

function expectSorted(summaries: ImageSetsMetadataSummary[], direction: 1 | -1): void {
  const times = summaries.map((x) => x.updatedAt?.getTime() ?? NaN);
  expect(times.every(Number.isFinite)).toBe(true);
  for (let i = 1; i < times.length; i++) expect(direction * (times[i] - times[i - 1])).toBeGreaterThanOrEqual(0);
}
