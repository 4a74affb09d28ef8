import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogChange } from '../catalog';
import { predictionOf } from '../test-support/contract-labels';
import { outboxEvents } from '../test-support/dynalite-outbox';
import { startDynalite, type DynaliteServer } from '@triage/test-support/dynamodb';
import { expectCatalogError } from '../test-support/expect-catalog-error';
import { FIXTURE_ITEMS, fixtureSummary } from '../test-support/worklist-fixture';
import { catalogTableDefinition } from './catalog-table';
import { imageSetPk, labelSk } from './catalog-keys';
import { DynamoDbCatalog } from './dynamodb-catalog';

// What the contract suite does not reach: the outbox items' shape (AWS.md), writers racing on one
// key, all-or-nothing transactions, ids that hold the key separator, error mapping and onChanged.
// Real dynalite on loopback, behind the test-support TransactWriteItems front.
const STUDY = '1.2.826.0.1.3680043.10.999.700';
const DR_A = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;
const NOW = new Date('2024-06-01T12:00:00.000Z');

let server: DynaliteServer;
let doc: DynamoDBDocumentClient;
let tables = 0;
let tableName: string;

beforeAll(async () => {
  server = await startDynalite();
  doc = DynamoDBDocumentClient.from(server.client);
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  tableName = `triage-test-catalog-${++tables}`;
  await server.client.send(new CreateTableCommand(catalogTableDefinition(tableName)));
});
afterEach(async () => {
  await server.client.send(new DeleteTableCommand({ TableName: tableName }));
});

async function items(prefix: string): Promise<Record<string, unknown>[]> {
  const page = await doc.send(
    new ScanCommand({ TableName: tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': prefix } }),
  );
  return (page.Items ?? []).sort((a, b) => String(a['pk']).localeCompare(String(b['pk'])));
}

describe('DynamoDbCatalog', () => {
  it('writes each event as an AWS.md outbox item: OUTBOX#<id>/EVENT, source, detailType, detail as JSON text, time, expiresAt a day on', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName, now: () => NOW });
    const key = { datastoreId: 'ds', imageSetId: 'is1' };
    await catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_A });
    const outbox = await items('OUTBOX#');
    const detail = { datastoreId: 'ds', imageSetId: 'is1', studyInstanceUid: STUDY, finding: 'pneumonia', labelVersion: 1, origin: DR_A };
    const expiresAt = NOW.getTime() / 1000 + 86400;
    expect(outbox.map(({ pk: _pk, ...rest }) => rest)).toEqual(
      expect.arrayContaining([
        {
          sk: 'EVENT',
          source: 'triage.catalog',
          detailType: 'LabelChanged',
          detail: JSON.stringify(detail),
          time: NOW.toISOString(),
          resources: ['ds', 'is1'],
          expiresAt,
        },
        {
          sk: 'EVENT',
          source: 'triage.catalog',
          detailType: 'ImageVerified',
          detail: JSON.stringify({ ...detail, verification: 'confirmed' }),
          time: NOW.toISOString(),
          resources: ['ds', 'is1'],
          expiresAt,
        },
      ]),
    );
    expect(outbox).toHaveLength(2);
    expect(outbox.every((i) => /^OUTBOX#[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(String(i['pk'])))).toBe(
      true,
    );
  });

  it('lets exactly one of two writers that saw the same version win; the other gets ConflictException and writes nothing', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName });
    const key = { datastoreId: 'ds', imageSetId: 'race' };
    const results = await Promise.allSettled(
      (['normal', 'pneumonia'] as const).map((finding) =>
        catalog.setLabel({ key, studyInstanceUid: STUDY, finding, origin: DR_A, expectedVersion: 0 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    await expectCatalogError(Promise.reject(rejected?.reason), 'ConflictException', /version 1, not 0/);
    expect((await catalog.labelHistory(key)).map((l) => l.version)).toEqual([1]);
    expect((await outboxEvents(server.client, tableName)).map((e) => e['detail-type'])).toEqual(['LabelChanged', 'ImageVerified']);
  });

  it('gives writers without an expected version consecutive versions, none lost', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName });
    const key = { datastoreId: 'ds', imageSetId: 'many' };
    const written = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        catalog.setLabel({
          key,
          studyInstanceUid: STUDY,
          finding: i % 2 ? 'normal' : 'pneumonia',
          origin: { kind: 'import', source: `s${i}` },
        }),
      ),
    );
    expect(written.map((l) => l.version).sort()).toEqual([1, 2, 3, 4]);
    expect((await catalog.labelHistory(key)).map((l) => l.version)).toEqual([4, 3, 2, 1]);
    expect((await outboxEvents(server.client, tableName)).map((e) => (e.detail as { labelVersion: number }).labelVersion).sort()).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('keeps the latest prediction by any model when models race', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName });
    const key = { datastoreId: 'ds', imageSetId: 'preds' };
    await Promise.all(
      [1, 2, 3, 4].map((m) => catalog.putPrediction(predictionOf(key, `model/${m}`, 'normal', 0.1 * m, `2024-06-01T10:0${m}:00.000Z`))),
    );
    expect(await catalog.getPrediction(key)).toEqual(predictionOf(key, 'model/4', 'normal', 0.4, '2024-06-01T10:04:00.000Z'));
  });

  it('writes all of a change or none of it: a cancelled transaction leaves no head, no outbox item', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName });
    const key = { datastoreId: 'ds', imageSetId: 'half' };
    // A version 1 item the head does not know of: every try's Put of version 1 is refused, with the head update and events.
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: imageSetPk('ds', 'half'), sk: labelSk(undefined, 1) } }));
    await expectCatalogError(
      catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A }),
      'ConflictException',
      /collided with 5 concurrent changes/,
    );
    expect(await items('OUTBOX#')).toEqual([]);
    expect((await items('IMAGESET#')).map((i) => i['sk'])).toEqual([labelSk(undefined, 1)]);
  });

  it('keeps ids that hold the key separator apart', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName });
    const a = { datastoreId: 'a#b', imageSetId: 'c' };
    const b = { datastoreId: 'a', imageSetId: 'b#c' };
    await catalog.setLabel({ key: a, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A });
    await catalog.setLabel({ key: b, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_A });
    expect([(await catalog.getLabel(a))?.finding, (await catalog.getLabel(b))?.finding]).toEqual(['normal', 'pneumonia']);
    expect((await catalog.trainingLabels({ datastoreId: 'a#b' })).labels.map((l) => l.key)).toEqual([a]);
  });

  it('answers a missing table with ResourceNotFoundException naming it', async () => {
    const catalog = new DynamoDbCatalog({ client: server.client, tableName: 'no-such-table' });
    await expectCatalogError(catalog.getLabel({ datastoreId: 'ds', imageSetId: 'x' }), 'ResourceNotFoundException', /no-such-table/);
    await expectCatalogError(
      catalog.setLabel({ key: { datastoreId: 'ds', imageSetId: 'x' }, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A }),
      'ResourceNotFoundException',
    );
  });

  it('tells every committed change by image set, and nothing for a stale summary, a refusal or an instance', async () => {
    const changes: string[] = [];
    const catalog = new DynamoDbCatalog({
      client: server.client,
      tableName,
      onChanged: (c: CatalogChange) => changes.push(`${c.datastoreId}/${c.imageSetId}:${c.change}`),
    });
    const summary = fixtureSummary('ds', FIXTURE_ITEMS[0]);
    const key = { datastoreId: 'ds', imageSetId: summary.imageSetId };
    await catalog.recordImageSet(summary);
    await catalog.recordImageSet({ ...summary, instances: 2, updatedAt: '2030-01-01T00:00:00.000Z' });
    await catalog.recordImageSet(summary);
    await catalog.putPrediction(predictionOf(key, 'm', 'normal', 0.2, '2024-06-01T10:00:00.000Z'));
    await catalog.setLabel({ key, studyInstanceUid: summary.studyInstanceUid, finding: 'normal', origin: { kind: 'import', source: 't' } });
    await catalog.setLabel({
      key: { ...key, sopInstanceUid: '1.2.3' },
      studyInstanceUid: summary.studyInstanceUid,
      finding: 'normal',
      origin: { kind: 'import', source: 't' },
    });
    await expectCatalogError(
      catalog.setLabel({ key, studyInstanceUid: summary.studyInstanceUid, finding: 'x', origin: { kind: 'import', source: 't' } }),
      'ValidationException',
    );
    await catalog.removeImageSet('ds', summary.imageSetId);
    await catalog.removeImageSet('ds', summary.imageSetId);
    expect(changes).toEqual(['ds/ws01:created', 'ds/ws01:updated', 'ds/ws01:prediction', 'ds/ws01:label', 'ds/ws01:removed']);
    await catalog.close();
    await expectCatalogError(catalog.worklist({ datastoreId: 'ds' }), 'ValidationException', /the catalog is closed/);
  });
});

describe('the dynalite TransactWriteItems front', () => {
  it('cancels every action when one condition fails, with a reason per action, and applies all when none does', async () => {
    const put = (sk: string, condition?: string) => ({
      Put: { TableName: tableName, Item: { pk: 'T', sk }, ...(condition ? { ConditionExpression: condition } : {}) },
    });
    await doc.send(new TransactWriteCommand({ TransactItems: [put('a')] }));
    const cancelled = await doc
      .send(new TransactWriteCommand({ TransactItems: [put('b'), put('a', 'attribute_not_exists(pk)'), put('c')] }))
      .then(
        () => undefined,
        (e: unknown) => e as { name: string; CancellationReasons?: { Code: string }[] },
      );
    expect([cancelled?.name, cancelled?.CancellationReasons?.map((r) => r.Code)]).toEqual([
      'TransactionCanceledException',
      ['None', 'ConditionalCheckFailed', 'None'],
    ]);
    expect((await items('T')).map((i) => i['sk'])).toEqual(['a']);
    await doc.send(new TransactWriteCommand({ TransactItems: [put('b'), put('c', 'attribute_not_exists(pk)')] }));
    expect((await items('T')).map((i) => i['sk']).sort()).toEqual(['a', 'b', 'c']);
    await expect(doc.send(new TransactWriteCommand({ TransactItems: [put('d'), put('d')] }))).rejects.toThrow(
      'Transaction request cannot include multiple operations on one item',
    );
  });
});
