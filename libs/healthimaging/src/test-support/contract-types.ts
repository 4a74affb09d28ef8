import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { HealthImaging } from '../health-imaging';
import type { ContractInstances, SeedInstance } from './contract-data';

/** What an implementation under contract provides: the port, a datastore to work in, and a way to add instances. */
export interface ContractFixture {
  hi: HealthImaging;
  datastoreId: DatastoreId;
  /** Adds DICOM instances by whatever means the implementation has (storeInstance, STOW-RS, an import job). */
  seed(files: Uint8Array[]): Promise<void>;
  teardown(): Promise<void>;
}

/** What the contract's setup found after seeding; filled in before the first test. */
export interface ContractState {
  fixture: ContractFixture;
  hi: HealthImaging;
  datastoreId: DatastoreId;
  instances: ContractInstances;
  /** The primary image set of each seeded study, by study instance UID. */
  imageSetOf: Map<string, ImageSetId>;
  /** Brackets the seeding, for searches by updatedAt. */
  seededFrom: Date;
  seededTo: Date;
}

/** The image set a seeded instance went to. */
export function imageSetOf(state: ContractState, instance: SeedInstance): ImageSetId {
  const id = state.imageSetOf.get(instance.studyInstanceUid);
  if (!id) throw new Error(`no image set was found for ${instance.name}`);
  return id;
}
