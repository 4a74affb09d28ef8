import type { Catalog } from '../catalog';
import type { DatastoreId } from '@triage/dicom';
import type { TriageEvent } from '@triage/events';

/** One implementation of the Catalog port, opened over durable state that outlives it. */
export interface CatalogUnderTest {
  catalog: Catalog;
  /** Two datastores the suite may use; fresh for each open. */
  datastoreId: DatastoreId;
  otherDatastoreId: DatastoreId;
  /** Every event the catalog emitted, as a subscriber of the bus received them, once every delivery due by now has run. */
  delivered(): Promise<TriageEvent[]>;
  /** Closes this catalog and opens the same state again (a restart). */
  reopen(): Promise<CatalogUnderTest>;
  /** Closes everything and removes the state. */
  dispose(): Promise<void>;
}

/** How the suite opens an implementation: fresh state each time, with the findings given (default: the implementation's default). */
export interface CatalogContractOptions {
  open(options?: { findings?: readonly string[] }): Promise<CatalogUnderTest>;
}
