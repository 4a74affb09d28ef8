import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import { buildEvent } from '@triage/events';
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
import { checkSetLabelInput } from '../local/labels/write-label';
import { checkPrediction } from '../predictions/check-prediction';
import { checkStudySummary } from '../worklist/check-study-summary';
import { checkWorklistQuery } from '../worklist/check-worklist-query';
import {
  keyOf,
  labelOf,
  predictionOf,
  predictionOrder,
  storedLabel,
  storedSummary,
  trainingLabelOf,
  worklistItemOf,
  type HeadItem,
  type StoredLabel,
} from './catalog-items';
import { headSk, imageSetPk, labelSk, labelSkPrefix, predictionSk, verifiedPk, verifiedSk, worklistPk } from './catalog-keys';
import { catalogErrorOf } from './dynamodb-errors';
import { cancellationCodes, documentClient } from '@triage/platform';
import { labelEvents } from '../labels/label-events';
import { nextLabelVersion } from '../labels/next-label-version';
import { outboxItemOf } from './outbox-items';
import { timeOrderedEventId } from './time-ordered-event-id';
import { checkTrainingLabelsQuery, encodeToken } from '../labels/training-labels-query';
import { ExpressionBuilder } from './update-expression';
import { worklistPageOf, type WorklistHead } from './worklist-page';

/** Options for {@link DynamoDbCatalog}. */
export interface DynamoDbCatalogOptions {
  /** The DynamoDB client (a plain client is wrapped in a document client). */
  client: DynamoDBDocumentClient | DynamoDBClient;
  /** The catalog table (`triage-<env>-catalog`, AWS.md's key schema). */
  tableName: string;
  /** The configured findings, at least two, unique, lower-case identifiers; default {@link DEFAULT_FINDINGS}. */
  findings?: readonly string[];
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Called after every committed change made through this instance. Must not throw; a throw is ignored. */
  onChanged?: (change: CatalogChange) => void;
}

/** How often a change is tried again when another writer changed the same key between its read and its transaction. */
const MAX_ATTEMPTS = 5;

/**
 * The catalog on one DynamoDB table. Per label key (image set, or instance) a head item holds what
 * the key says now (current label, latest clinician label, latest prediction, and for an image set
 * its worklist summary); label versions and per-model predictions are items of their own beside it.
 * Every change is one TransactWriteItems with conditions on the head (optimistic concurrency), and
 * label events go into it as outbox items that an EventBridge Pipe forwards to the bus.
 */
export class DynamoDbCatalog implements Catalog {
  readonly findings: readonly Finding[];
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;
  private readonly onChanged: ((change: CatalogChange) => void) | undefined;
  private closed = false;

  /** Checks the findings (a `ValidationException` when they are not a valid list); touches no table. */
  constructor(options: DynamoDbCatalogOptions) {
    this.findings = checkFindings(options.findings ?? DEFAULT_FINDINGS);
    this.db = documentClient(options.client);
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.onChanged = options.onChanged;
  }

  async recordImageSet(summary: StudySummary): Promise<void> {
    this.checkOpen();
    checkStudySummary(summary);
    const stored = storedSummary(summary);
    const x = new ExpressionBuilder();
    const update = x.update({
      datastoreId: summary.datastoreId,
      imageSetId: summary.imageSetId,
      summary: stored,
      gsi1pk: worklistPk(summary.datastoreId),
      gsi1sk: summary.imageSetId,
    });
    // Events may come again and out of order: an older summary than the one stored changes nothing.
    const condition = `attribute_not_exists(${x.path('summary')}) OR ${x.path('summary.updatedAt')} <= ${x.value(stored.updatedAt)}`;
    const old = await this.send(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: imageSetPk(summary.datastoreId, summary.imageSetId), sk: headSk(undefined) },
            UpdateExpression: update,
            ConditionExpression: condition,
            ReturnValues: 'ALL_OLD',
            ...x.attributes(),
          }),
        ),
      { conditionFailed: 'stale' },
    );
    if (old === 'stale') return;
    const existed = (old.Attributes as HeadItem | undefined)?.summary !== undefined;
    this.changed(summary.datastoreId, summary.imageSetId, existed ? 'updated' : 'created');
  }

  async removeImageSet(datastoreId: DatastoreId, imageSetId: ImageSetId): Promise<void> {
    this.checkOpen();
    checkLabelKey({ datastoreId, imageSetId });
    const x = new ExpressionBuilder();
    const update = x.update({}, ['summary', 'gsi1pk', 'gsi1sk']);
    const removed = await this.send(
      () =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: imageSetPk(datastoreId, imageSetId), sk: headSk(undefined) },
            UpdateExpression: update,
            ConditionExpression: `attribute_exists(${x.path('summary')})`,
            ...x.attributes(),
          }),
        ),
      { conditionFailed: 'absent' },
    );
    if (removed !== 'absent') this.changed(datastoreId, imageSetId, 'removed');
  }

  async setLabel(input: SetLabelInput): Promise<LabelVersion> {
    this.checkOpen();
    checkSetLabelInput(this.findings, input);
    const key: LabelKey = { ...input.key };
    if (key.sopInstanceUid === undefined) delete key.sopInstanceUid;
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(key);
      const current = head?.labelVersion ?? 0;
      const previous = head?.label && labelOf(key, head.label);
      const prediction = head?.prediction && predictionOf(key, head.prediction);
      const setAt = this.now();
      const { label, outcome } = nextLabelVersion(input, key, { current, previous, prediction }, setAt);
      const events = labelEvents(label, previous, outcome, setAt).map((entry) => buildEvent({ ...entry, id: timeOrderedEventId() }, setAt));
      const stored = storedLabel(label);

      const x = new ExpressionBuilder();
      const set: Record<string, unknown> = { ...this.keyFields(key), labelVersion: label.version, label: stored };
      if (outcome)
        Object.assign(set, {
          verified: stored,
          verifiedAt: label.setAt,
          gsi2pk: verifiedPk(key.datastoreId),
          gsi2sk: verifiedSk(key.imageSetId, key.sopInstanceUid),
        });
      const update = x.update(set);
      // The version read is still the current one; for a clinician, so is the prediction the verification was judged against.
      const conditions = [
        current === 0 ? `attribute_not_exists(${x.path('labelVersion')})` : `${x.path('labelVersion')} = ${x.value(current)}`,
      ];
      if (outcome)
        conditions.push(
          head?.predictionOrder === undefined
            ? `attribute_not_exists(${x.path('predictionOrder')})`
            : `${x.path('predictionOrder')} = ${x.value(head.predictionOrder)}`,
        );
      const transaction: TransactWriteCommandInput = {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: {
                pk: imageSetPk(key.datastoreId, key.imageSetId),
                sk: labelSk(key.sopInstanceUid, label.version),
                ...stored,
                ...(outcome?.modelVersion ? { shownModelVersion: outcome.modelVersion } : {}),
              },
              // Versions are only ever added: a version that exists is never overwritten.
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.table,
              Key: { pk: imageSetPk(key.datastoreId, key.imageSetId), sk: headSk(key.sopInstanceUid) },
              UpdateExpression: update,
              ConditionExpression: conditions.join(' AND '),
              ...x.attributes(),
            },
          },
          ...events.map((event) => ({
            Put: { TableName: this.table, Item: outboxItemOf(event, setAt), ConditionExpression: 'attribute_not_exists(pk)' },
          })),
        ],
      };
      const written = await this.transact(transaction, attempt);
      if (written === 'retry') continue;
      if (key.sopInstanceUid === undefined) this.changed(key.datastoreId, key.imageSetId, 'label');
      return label;
    }
  }

  async getLabel(key: LabelKey): Promise<LabelVersion | undefined> {
    this.checkOpen();
    checkLabelKey(key);
    const [latest] = await this.labelVersions(key, 1);
    return latest;
  }

  async labelHistory(key: LabelKey): Promise<LabelVersion[]> {
    this.checkOpen();
    checkLabelKey(key);
    return this.labelVersions(key);
  }

  async putPrediction(prediction: Prediction): Promise<void> {
    this.checkOpen();
    checkPrediction(this.findings, prediction);
    const key: LabelKey = { ...prediction.key };
    if (key.sopInstanceUid === undefined) delete key.sopInstanceUid;
    const stored = {
      modelVersion: prediction.modelVersion,
      finding: prediction.finding,
      scores: prediction.scores,
      priority: prediction.priority,
      predictedAt: new Date(prediction.predictedAt).toISOString(),
    };
    const order = predictionOrder(stored);
    const pk = imageSetPk(key.datastoreId, key.imageSetId);
    // For the same key and model version the later predictedAt wins, whatever order they arrive in.
    const put = {
      TableName: this.table,
      Item: { pk, sk: predictionSk(key.sopInstanceUid, stored.modelVersion), ...this.keyFields(key), ...stored },
      ConditionExpression: 'attribute_not_exists(pk) OR #predictedAt <= :predictedAt',
      ExpressionAttributeNames: { '#predictedAt': 'predictedAt' },
      ExpressionAttributeValues: { ':predictedAt': stored.predictedAt },
    };
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(key);
      const seen = head?.predictionOrder;
      if (seen !== undefined && order < seen) {
        // Older than the head's latest (by any model): only this model's own item may change.
        await this.send(() => this.db.send(new PutCommand(put)), { conditionFailed: 'stale' });
        break;
      }
      const x = new ExpressionBuilder();
      const update = x.update({ ...this.keyFields(key), prediction: stored, predictionOrder: order });
      const condition =
        seen === undefined ? `attribute_not_exists(${x.path('predictionOrder')})` : `${x.path('predictionOrder')} = ${x.value(seen)}`;
      const written = await this.transact(
        {
          TransactItems: [
            { Put: put },
            {
              Update: {
                TableName: this.table,
                Key: { pk, sk: headSk(key.sopInstanceUid) },
                UpdateExpression: update,
                ConditionExpression: condition,
                ...x.attributes(),
              },
            },
          ],
        },
        attempt,
        // This model's item holds a later score: the prediction is stale, and nothing changes.
        (codes) => codes[0] === 'ConditionalCheckFailed',
      );
      if (written !== 'retry') break;
    }
    if (key.sopInstanceUid === undefined) this.changed(key.datastoreId, key.imageSetId, 'prediction');
  }

  async getPrediction(key: LabelKey): Promise<Prediction | undefined> {
    this.checkOpen();
    checkLabelKey(key);
    const head = await this.head(key);
    return head?.prediction && predictionOf(keyOf(head), head.prediction);
  }

  async worklist(query: WorklistQuery): Promise<WorklistPage> {
    this.checkOpen();
    const checked = checkWorklistQuery(query);
    // The whole datastore's worklist is read from gsi1 and filtered and sorted here (see the README for what that costs).
    const heads = await this.queryAll<WorklistHead>({
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': worklistPk(checked.datastoreId) },
    });
    return worklistPageOf(heads, checked);
  }

  async getWorklistItem(datastoreId: DatastoreId, imageSetId: ImageSetId): Promise<WorklistItem | undefined> {
    this.checkOpen();
    checkLabelKey({ datastoreId, imageSetId });
    const head = await this.head({ datastoreId, imageSetId });
    return head?.summary ? worklistItemOf(head as WorklistHead) : undefined;
  }

  async trainingLabels(query: TrainingLabelsQuery): Promise<TrainingLabelsPage> {
    this.checkOpen();
    checkLabelKey({ datastoreId: query?.datastoreId, imageSetId: '-' });
    const checked = checkTrainingLabelsQuery(query);
    const values: Record<string, unknown> = { ':pk': verifiedPk(query.datastoreId) };
    let keyCondition = 'gsi2pk = :pk';
    if (checked.after) {
      keyCondition += ' AND gsi2sk > :after';
      values[':after'] = verifiedSk(checked.after.imageSetId, checked.after.sopInstanceUid || undefined);
    }
    if (checked.since !== undefined) values[':since'] = checked.since;
    // One head more than asked says whether another page follows.
    const heads: (HeadItem & { verified: StoredLabel })[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(() =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'gsi2',
            KeyConditionExpression: keyCondition,
            ...(checked.since !== undefined ? { FilterExpression: 'verifiedAt > :since' } : {}),
            ExpressionAttributeValues: values,
            Limit: checked.limit + 1 - heads.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      heads.push(...((page.Items ?? []) as (HeadItem & { verified: StoredLabel })[]));
      start = page.LastEvaluatedKey;
    } while (start && heads.length <= checked.limit);
    const labels = heads.slice(0, checked.limit);
    const patientIds = await this.patientIds(query.datastoreId, [...new Set(labels.map((h) => h.imageSetId))]);
    const result: TrainingLabelsPage = { labels: labels.map((h) => trainingLabelOf(h, patientIds.get(h.imageSetId))) };
    const last = labels[labels.length - 1];
    if (heads.length > checked.limit && last) result.nextToken = encodeToken(last.imageSetId, last.sopInstanceUid);
    return result;
  }

  /** Marks the catalog closed (idempotent); the client is the caller's, and stays open. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private keyFields(key: LabelKey): Record<string, string> {
    return {
      datastoreId: key.datastoreId,
      imageSetId: key.imageSetId,
      ...(key.sopInstanceUid !== undefined ? { sopInstanceUid: key.sopInstanceUid } : {}),
    };
  }

  private async head(key: LabelKey): Promise<HeadItem | undefined> {
    const got = await this.send(() =>
      this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: imageSetPk(key.datastoreId, key.imageSetId), sk: headSk(key.sopInstanceUid) },
          ConsistentRead: true,
        }),
      ),
    );
    return got.Item as HeadItem | undefined;
  }

  private async labelVersions(key: LabelKey, limit?: number): Promise<LabelVersion[]> {
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': imageSetPk(key.datastoreId, key.imageSetId), ':prefix': labelSkPrefix(key.sopInstanceUid) },
      ScanIndexForward: false,
      ConsistentRead: true,
      ...(limit !== undefined ? { Limit: limit } : {}),
    };
    const items =
      limit === undefined
        ? await this.queryAll<StoredLabel>(input)
        : (((await this.send(() => this.db.send(new QueryCommand(input)))).Items ?? []) as StoredLabel[]);
    const k: LabelKey = { datastoreId: key.datastoreId, imageSetId: key.imageSetId };
    if (key.sopInstanceUid !== undefined) k.sopInstanceUid = key.sopInstanceUid;
    return items.map((item) => labelOf({ ...k }, item));
  }

  /** The PatientID each image set's summary recorded (absent when it is not on the worklist), read 100 heads at a time. */
  private async patientIds(datastoreId: DatastoreId, imageSetIds: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < imageSetIds.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = imageSetIds
        .slice(i, i + 100)
        .map((id) => ({ pk: imageSetPk(datastoreId, id), sk: headSk(undefined) }));
      while (keys && keys.length > 0) {
        const request = keys;
        const got: BatchGetCommandOutput = await this.send(() =>
          this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: request, ConsistentRead: true } } })),
        );
        for (const head of (got.Responses?.[this.table] ?? []) as HeadItem[])
          if (head.summary?.patientId !== undefined) found.set(head.imageSetId, head.summary.patientId);
        keys = got.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  private async queryAll<T>(input: QueryCommandInput): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(() => this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: start })));
      items.push(...((page.Items ?? []) as T[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Runs one transaction. A cancellation for a condition (another writer got in between the read
   * and the write) or a conflict with another transaction asks the caller to read again and retry,
   * up to {@link MAX_ATTEMPTS}; `settled` says which cancellations are an answer, not a race.
   */
  private async transact(
    input: TransactWriteCommandInput,
    attempt: number,
    settled: (codes: string[]) => boolean = () => false,
  ): Promise<'written' | 'settled' | 'retry'> {
    try {
      await this.db.send(new TransactWriteCommand({ ...input, ClientRequestToken: randomUUID() }));
      return 'written';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw catalogErrorOf(error, this.table);
      if (settled(codes)) return 'settled';
      if (!codes.every((c) => c === 'None' || c === 'ConditionalCheckFailed' || c === 'TransactionConflict'))
        throw new CatalogError('ValidationException', `DynamoDB cancelled the transaction: ${codes.join(', ')}`);
      if (attempt >= MAX_ATTEMPTS)
        throw new CatalogError('ConflictException', `the change collided with ${attempt} concurrent changes of the same key; try again`);
      return 'retry';
    }
  }

  /** Sends one request, mapping SDK errors to CatalogErrors; a failed condition is answered with `conditionFailed` when given. */
  private async send<T, C extends string>(request: () => Promise<T>, options: { conditionFailed: C }): Promise<T | C>;
  private async send<T>(request: () => Promise<T>): Promise<T>;
  private async send<T>(request: () => Promise<T>, options?: { conditionFailed: string }): Promise<T | string> {
    try {
      return await request();
    } catch (error) {
      if (options && (error as { name?: string }).name === 'ConditionalCheckFailedException') return options.conditionFailed;
      throw catalogErrorOf(error, this.table);
    }
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
