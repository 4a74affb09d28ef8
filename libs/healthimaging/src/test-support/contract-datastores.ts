import type { DatastoreSummary } from '@aws-sdk/client-medical-imaging';
import { CONTRACT_TEST_TIMEOUT_MS, eventually, expectHealthImagingError, unknownId } from './contract-helpers';
import type { ContractState } from './contract-types';

const ID = /^[0-9a-z]{32}$/;

/** CreateDatastore, GetDatastore, ListDatastores (filter and pages), import job reads, and their errors. */
export function datastoreContract(state: () => ContractState): void {
  describe('datastores', () => {
    it(
      'creates a datastore that becomes ACTIVE and is found by GetDatastore and ListDatastores',
      async () => {
        const { hi } = state();
        const name = `contract-${unknownId().slice(0, 8)}`;
        const created = await hi.createDatastore({ datastoreName: name });
        expect(created.datastoreId).toMatch(ID);
        expect(['CREATING', 'ACTIVE']).toContain(created.datastoreStatus);

        const props = await eventually('the datastore to be ACTIVE', async () => {
          const got = await hi.getDatastore({ datastoreId: created.datastoreId });
          return got.datastoreProperties?.datastoreStatus === 'ACTIVE' ? got.datastoreProperties : undefined;
        });
        expect(props).toMatchObject({ datastoreId: created.datastoreId, datastoreName: name, datastoreStatus: 'ACTIVE' });
        expect(props.createdAt).toBeInstanceOf(Date);

        const active = await hi.listDatastores({ datastoreStatus: 'ACTIVE' });
        expect(active.datastoreSummaries?.map((d) => d.datastoreId)).toEqual(
          expect.arrayContaining([created.datastoreId, state().datastoreId]),
        );
        expect(active.datastoreSummaries?.every((d) => d.datastoreStatus === 'ACTIVE')).toBe(true);
        const deleted = await hi.listDatastores({ datastoreStatus: 'DELETED' });
        expect(deleted.datastoreSummaries?.map((d) => d.datastoreId) ?? []).not.toContain(created.datastoreId);
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'pages ListDatastores with maxResults and nextToken, each datastore once',
      async () => {
        const { hi } = state();
        for (let i = 0; i < 2; i++) await hi.createDatastore({ datastoreName: `contract-page-${i}-${unknownId().slice(0, 6)}` });
        const everyone = (await hi.listDatastores({})).datastoreSummaries ?? [];
        const seen: DatastoreSummary[] = [];
        let nextToken: string | undefined;
        let pages = 0;
        do {
          const page = await hi.listDatastores({ maxResults: 1, nextToken });
          expect((page.datastoreSummaries ?? []).length).toBeLessThanOrEqual(1);
          seen.push(...(page.datastoreSummaries ?? []));
          nextToken = page.nextToken;
          pages++;
        } while (nextToken && pages < 100);
        expect(pages).toBeGreaterThanOrEqual(3);
        const ids = seen.map((d) => d.datastoreId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort()).toEqual(everyone.map((d) => d.datastoreId).sort());
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'answers ResourceNotFoundException for an unknown datastore and ValidationException for a malformed id',
      async () => {
        const { hi } = state();
        await expectHealthImagingError(hi.getDatastore({ datastoreId: unknownId() }), 'ResourceNotFoundException');
        await expectHealthImagingError(hi.getDatastore({ datastoreId: '../../../etc/passwd' }), 'ValidationException');
        await expectHealthImagingError(hi.getDatastore({ datastoreId: 'ABC' }), 'ValidationException');
        await expectHealthImagingError(hi.searchImageSets({ datastoreId: unknownId() }), 'ResourceNotFoundException');
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );

    it(
      'lists the import jobs of a datastore and refuses an unknown job',
      async () => {
        const { hi, datastoreId } = state();
        const jobs = await hi.listDICOMImportJobs({ datastoreId });
        expect(Array.isArray(jobs.jobSummaries)).toBe(true);
        await expectHealthImagingError(hi.getDICOMImportJob({ datastoreId, jobId: unknownId() }), 'ResourceNotFoundException');
        await expectHealthImagingError(hi.listDICOMImportJobs({ datastoreId: unknownId() }), 'ResourceNotFoundException');
      },
      CONTRACT_TEST_TIMEOUT_MS,
    );
  });
}
