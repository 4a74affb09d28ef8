import type {
  CreateDatastoreCommandInput,
  CreateDatastoreCommandOutput,
  DatastoreProperties,
  DatastoreStatus,
  DatastoreSummary,
  GetDatastoreCommandInput,
  GetDatastoreCommandOutput,
  ListDatastoresCommandInput,
  ListDatastoresCommandOutput,
} from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import type { DatastoreId } from '@triage/dicom';
import type { Out } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import { checkResourceId, newResourceId } from '../../resource-ids';
import type { LocalContext } from '../local-context';
import { pageOf } from './pagination';
import { statement } from '../storage/statements';

interface DatastoreRow {
  id: string;
  name: string;
  status: string;
  kms_key_arn: string | null;
  created_at: number;
  updated_at: number;
}

/** The datastore's local ARN, shaped like the service's so clients that parse ARNs keep working. */
export function datastoreArn(id: string): string {
  return `arn:aws:medical-imaging:local:000000000000:datastore/${id}`;
}

/** CreateDatastore: a datastore is ACTIVE as soon as it exists locally. */
export function createDatastore(ctx: LocalContext, input: CreateDatastoreCommandInput): Out<CreateDatastoreCommandOutput> {
  const name = input.datastoreName ?? 'datastore';
  if (!/^[A-Za-z0-9._/#-]{1,256}$/.test(name)) {
    throw new HealthImagingError('ValidationException', 'datastoreName must be 1 to 256 characters of letters, digits and . _ / # -');
  }
  const id = newResourceId();
  const now = ctx.now().getTime();
  fs.mkdirSync(ctx.layout.datastoreDir(id), { recursive: true });
  statement(ctx.db, "INSERT INTO datastores (id, name, status, kms_key_arn, created_at, updated_at) VALUES (?, ?, 'ACTIVE', ?, ?, ?)").run(
    id,
    name,
    input.kmsKeyArn ?? null,
    now,
    now,
  );
  return { datastoreId: id, datastoreStatus: 'ACTIVE' };
}

/** The id of the oldest datastore named `name`, created (ACTIVE) when there is none. */
export function ensureDatastore(ctx: LocalContext, name: string): DatastoreId {
  const row = statement<[string], { id: string }>(
    ctx.db,
    "SELECT id FROM datastores WHERE name = ? AND status = 'ACTIVE' ORDER BY created_at, id LIMIT 1",
  ).get(name);
  return row ? row.id : (createDatastore(ctx, { datastoreName: name }).datastoreId as string);
}

/** The datastore's row; ResourceNotFoundException when there is none. */
export function requireDatastore(ctx: LocalContext, datastoreId: unknown): DatastoreRow {
  const id = checkResourceId<DatastoreId>('datastoreId', datastoreId);
  const row = statement<[string], DatastoreRow>(ctx.db, 'SELECT * FROM datastores WHERE id = ?').get(id);
  if (!row || row.status === 'DELETED') throw new HealthImagingError('ResourceNotFoundException', `datastore ${id} does not exist`);
  return row;
}

/** GetDatastore. */
export function getDatastore(ctx: LocalContext, input: GetDatastoreCommandInput): Out<GetDatastoreCommandOutput> {
  const row = requireDatastore(ctx, input.datastoreId);
  const properties: DatastoreProperties = {
    ...summary(row),
    kmsKeyArn: row.kms_key_arn ?? undefined,
    losslessStorageFormat: 'HTJ2K',
  };
  return { datastoreProperties: properties };
}

/** ListDatastores, oldest first, paginated by an opaque token. */
export function listDatastores(ctx: LocalContext, input: ListDatastoresCommandInput): Out<ListDatastoresCommandOutput> {
  const rows = input.datastoreStatus
    ? statement<[string], DatastoreRow>(ctx.db, 'SELECT * FROM datastores WHERE status = ? ORDER BY created_at, id').all(
        input.datastoreStatus,
      )
    : statement<[], DatastoreRow>(ctx.db, 'SELECT * FROM datastores ORDER BY created_at, id').all();
  const page = pageOf(rows, input.maxResults, input.nextToken, 50);
  return { datastoreSummaries: page.items.map(summary), nextToken: page.nextToken };
}

function summary(row: DatastoreRow): DatastoreSummary {
  return {
    datastoreId: row.id,
    datastoreName: row.name,
    datastoreStatus: row.status as DatastoreStatus,
    datastoreArn: datastoreArn(row.id),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
