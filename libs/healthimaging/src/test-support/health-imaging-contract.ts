import type { ImageSetId } from '@triage/dicom';
import { contractInstances } from './contract-data';
import { copyDeleteContract } from './contract-copy-delete';
import { datastoreContract } from './contract-datastores';
import { eventually, imageSetIdsWhere } from './contract-helpers';
import { readContract } from './contract-reads';
import { searchContract } from './contract-search';
import type { ContractFixture, ContractState } from './contract-types';
import { updateContract } from './contract-updates';

export type { ContractFixture, ContractState } from './contract-types';

const SETUP_TIMEOUT_MS = 120_000;

/**
 * The HealthImaging port's contract: every operation, its outputs and its error names, run
 * against one implementation. `setup` gives a fresh datastore; the suite seeds synthetic chest
 * radiographs and real corpus files through the fixture, then reads, searches, updates, copies
 * and deletes. Tests run in order: the later ones change image sets the earlier ones only read.
 */
export function describeHealthImagingContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`HealthImaging contract: ${name}`, () => {
    let state: ContractState | undefined;
    let fixture: ContractFixture | undefined;
    const current = (): ContractState => {
      if (!state) throw new Error('the contract setup failed: see the first error');
      return state;
    };

    beforeAll(async () => {
      const ready = await setup();
      fixture = ready;
      const instances = contractInstances();
      const seededFrom = new Date();
      await ready.seed([...instances.readOnly, instances.forUpdate, instances.forCopy].map((i) => i.bytes));
      const seededTo = new Date();
      const imageSetOf = new Map<string, ImageSetId>();
      for (const instance of [...instances.readOnly, instances.forUpdate, instances.forCopy]) {
        const [id] = await eventually(`an image set for ${instance.name}`, async () => {
          const ids = await imageSetIdsWhere(ready.hi, ready.datastoreId, [
            { operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: instance.studyInstanceUid }] },
          ]);
          return ids.length > 0 ? ids : undefined;
        });
        imageSetOf.set(instance.studyInstanceUid, id);
      }
      state = { fixture: ready, hi: ready.hi, datastoreId: ready.datastoreId, instances, imageSetOf, seededFrom, seededTo };
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await fixture?.teardown();
    });

    datastoreContract(current);
    searchContract(current);
    readContract(current);
    updateContract(current);
    copyDeleteContract(current);
  });
}
