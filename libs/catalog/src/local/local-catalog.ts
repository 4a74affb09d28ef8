import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { TransactionalOutbox } from '@triage/events';
import { CatalogError } from '../catalog-error';
import {
  DEFAULT_FINDINGS,
  type Catalog,
  type CatalogChange,
  type Finding,
  type LabelKey,
  type LabelVersion,
  type Prediction,
  type SetLabelInput,
  type StudySummary,
  type TrainingLabelsPage,
  type TrainingLabelsQuery,
  type WorklistItem,
  type WorklistPage,
  type WorklistQuery,
} from '../catalog';
import { checkFindings } from '../findings/check-findings';
import { checkLabelKey } from '../labels/check-label-input';
import { checkPrediction } from '../predictions/check-prediction';
import { checkStudySummary } from '../worklist/check-study-summary';
import { checkWorklistQuery } from '../worklist/check-worklist-query';
import { currentLabel, labelHistory } from './labels/label-rows';
import { trainingLabelPage } from './labels/training-label-rows';
import { writeLabel } from './labels/write-label';
import { latestPrediction, upsertPrediction } from './predictions/prediction-rows';
import { openCatalogDb, type CatalogDb } from './storage/open-catalog-db';
import { searchWorklist } from './worklist/search-worklist';
import { deleteWorklistItem, getWorklistItem, refreshDerived, upsertWorklistItem } from './worklist/worklist-rows';

/** Options for {@link LocalCatalog.open}. */
export interface LocalCatalogOptions {
  /** The SQLite file (created with its folder when new). */
  file: string;
  /** The configured findings, at least two, unique, lower-case identifiers; default {@link DEFAULT_FINDINGS}. */
  findings?: readonly string[];
  /** Where label events go, in the label's own transaction (the local event bus). Without one, no events are written. */
  outbox?: TransactionalOutbox;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Called after every committed change (the API's live worklist updates). Must not throw; a throw is ignored. */
  onChanged?: (change: CatalogChange) => void;
}

/**
 * The catalog on one machine: SQLite (WAL, synchronous=FULL) with tables keyed as the DynamoDB
 * ones will be. Label versions are only ever added; label events go to the outbox in the same
 * transaction as the label.
 */
export class LocalCatalog implements Catalog {
  private closed = false;

  private constructor(
    private readonly db: CatalogDb,
    readonly findings: readonly Finding[],
    private readonly outbox: TransactionalOutbox | undefined,
    private readonly now: () => Date,
    private readonly onChanged: ((change: CatalogChange) => void) | undefined,
  ) {}

  /** Opens (creating when new) the catalog in `file` and attaches it to the outbox. */
  static async open(options: LocalCatalogOptions): Promise<LocalCatalog> {
    const findings = checkFindings(options.findings ?? DEFAULT_FINDINGS);
    const db = openCatalogDb(options.file);
    try {
      options.outbox?.attach(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new LocalCatalog(db, findings, options.outbox, options.now ?? (() => new Date()), options.onChanged);
  }

  async recordImageSet(summary: StudySummary): Promise<void> {
    this.checkOpen();
    checkStudySummary(summary);
    const outcome = this.db.transaction(() => upsertWorklistItem(this.db, summary)).immediate();
    if (outcome !== 'stale') this.changed(summary.datastoreId, summary.imageSetId, outcome);
  }

  async removeImageSet(datastoreId: DatastoreId, imageSetId: ImageSetId): Promise<void> {
    this.checkOpen();
    checkLabelKey({ datastoreId, imageSetId });
    const removed = this.db.transaction(() => deleteWorklistItem(this.db, datastoreId, imageSetId)).immediate();
    if (removed) this.changed(datastoreId, imageSetId, 'removed');
  }

  async setLabel(input: SetLabelInput): Promise<LabelVersion> {
    this.checkOpen();
    const { label } = writeLabel({ db: this.db, findings: this.findings, outbox: this.outbox, now: this.now }, input);
    this.outbox?.committed();
    if (label.key.sopInstanceUid === undefined) this.changed(label.key.datastoreId, label.key.imageSetId, 'label');
    return label;
  }

  async getLabel(key: LabelKey): Promise<LabelVersion | undefined> {
    this.checkOpen();
    checkLabelKey(key);
    return currentLabel(this.db, key);
  }

  async labelHistory(key: LabelKey): Promise<LabelVersion[]> {
    this.checkOpen();
    checkLabelKey(key);
    return labelHistory(this.db, key);
  }

  async putPrediction(prediction: Prediction): Promise<void> {
    this.checkOpen();
    checkPrediction(this.findings, prediction);
    const { datastoreId, imageSetId, sopInstanceUid } = prediction.key;
    this.db
      .transaction(() => {
        upsertPrediction(this.db, prediction);
        if (sopInstanceUid === undefined) refreshDerived(this.db, datastoreId, imageSetId);
      })
      .immediate();
    if (sopInstanceUid === undefined) this.changed(datastoreId, imageSetId, 'prediction');
  }

  async getPrediction(key: LabelKey): Promise<Prediction | undefined> {
    this.checkOpen();
    checkLabelKey(key);
    return latestPrediction(this.db, key);
  }

  async worklist(query: WorklistQuery): Promise<WorklistPage> {
    this.checkOpen();
    return searchWorklist(this.db, checkWorklistQuery(query));
  }

  async getWorklistItem(datastoreId: DatastoreId, imageSetId: ImageSetId): Promise<WorklistItem | undefined> {
    this.checkOpen();
    checkLabelKey({ datastoreId, imageSetId });
    return getWorklistItem(this.db, datastoreId, imageSetId);
  }

  async trainingLabels(query: TrainingLabelsQuery): Promise<TrainingLabelsPage> {
    this.checkOpen();
    checkLabelKey({ datastoreId: query?.datastoreId, imageSetId: '-' });
    return trainingLabelPage(this.db, query);
  }

  /** Closes the database (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private changed(datastoreId: DatastoreId, imageSetId: ImageSetId, change: CatalogChange['change']): void {
    try {
      this.onChanged?.({ datastoreId, imageSetId, change });
    } catch {
      // A listener's failure must not turn a committed change into a failed call.
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new CatalogError('ValidationException', 'the catalog is closed');
  }
}
