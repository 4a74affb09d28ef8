import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { TransactionalOutbox } from '@triage/events';
import type { FrameCodec } from './ingest/frame-codec';
import type { DataLayout } from './storage/data-layout';
import type { IndexDb } from './storage/open-index';

/** What happened to an image set; the seam for events and audit (ImageSetCreated, ...). */
export interface ImageSetChangedEvent {
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  versionId: string;
  change: 'created' | 'updated' | 'copied' | 'deleted';
}

/** What every part of the local implementation shares. */
export interface LocalContext {
  db: IndexDb;
  layout: DataLayout;
  codec: FrameCodec;
  now: () => Date;
  notify: (event: ImageSetChangedEvent) => void;
  /** Where each change's events go, in the change's own transaction. */
  outbox?: TransactionalOutbox;
  /** Transcodes these frames now if they still await it (ahead of the backlog); resolves once each is in its stored form. */
  transcodeNow: (frameIds: Iterable<string>) => Promise<void>;
}
