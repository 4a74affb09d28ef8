import * as http from 'node:http';

/**
 * dynalite 4 has no TransactWriteItems, which the DynamoDB catalog writes every change with. This
 * front passes every other request through unchanged and carries out TransactWriteItems on
 * dynalite's own single-item operations, with DynamoDB's all-or-nothing semantics:
 *
 * - requests are served one at a time, so no other read or write interleaves with a transaction
 *   (serializable, as DynamoDB's transactions are against other writes);
 * - every condition is checked first, against the item as it stands (dynalite evaluates the
 *   expressions), and a failure cancels the whole transaction with DynamoDB's
 *   TransactionCanceledException and one CancellationReason per action, writing nothing;
 * - then the writes are applied in order; one refused by validation restores what came before it.
 *
 * Not emulated: ClientRequestToken idempotency, the 4 MB size limit, TransactGetItems.
 */
export function transactionFront(backend: string): http.Server {
  let queue = Promise.resolve();
  // Key schemas by table name (tests give every table a name of its own).
  const keySchemas = new Map<string, string[]>();
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const serve = async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const answer = target.endsWith('.TransactWriteItems')
          ? await transactWriteItems(new Backend(backend, req.headers, keySchemas), body)
          : await forward(backend, req, body);
        res.writeHead(answer.status, answer.headers ?? { 'content-type': 'application/x-amz-json-1.0' });
        res.end(answer.body);
      };
      queue = queue.then(serve).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }));
      });
    });
  });
}

interface Answer {
  status: number;
  headers?: http.OutgoingHttpHeaders;
  body: Buffer | string;
}

type AttributeMap = Record<string, unknown>;

/** One action of a TransactWriteItems request, as the wire carries it. */
interface Action {
  TableName: string;
  Item?: AttributeMap;
  Key?: AttributeMap;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

type Kind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

interface Planned {
  kind: Kind;
  action: Action;
  key: AttributeMap;
  old: AttributeMap | undefined;
}

async function forward(backend: string, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  const url = new URL(req.url ?? '/', backend);
  return new Promise((resolve, reject) => {
    const out = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 500, headers: answer.headers, body: Buffer.concat(chunks) }));
      answer.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** dynalite's own operations, signed as the incoming request was (dynalite checks a signature is present, not what it signs). */
class Backend {
  constructor(
    private readonly url: string,
    private readonly incoming: http.IncomingHttpHeaders,
    private readonly keySchemas: Map<string, string[]>,
  ) {}

  async call(operation: string, input: object): Promise<{ ok: boolean; status: number; json: Record<string, unknown> }> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        authorization: String(this.incoming.authorization ?? ''),
        'x-amz-date': String(this.incoming['x-amz-date'] ?? ''),
      },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }

  async keyNames(table: string): Promise<string[] | Answer> {
    const known = this.keySchemas.get(table);
    if (known) return known;
    const described = await this.call('DescribeTable', { TableName: table });
    if (!described.ok) return { status: described.status, body: JSON.stringify(described.json) };
    const schema = (described.json['Table'] as { KeySchema: { AttributeName: string }[] }).KeySchema;
    const names = schema.map((k) => k.AttributeName);
    this.keySchemas.set(table, names);
    return names;
  }

  async getItem(table: string, key: AttributeMap): Promise<AttributeMap | undefined> {
    const got = await this.call('GetItem', { TableName: table, Key: key, ConsistentRead: true });
    if (!got.ok) throw new Error(`GetItem failed: ${JSON.stringify(got.json)}`);
    return got.json['Item'] as AttributeMap | undefined;
  }

  /** Restores an item to what it was (absent, or the old image). */
  async restore(table: string, key: AttributeMap, old: AttributeMap | undefined): Promise<void> {
    const done = old
      ? await this.call('PutItem', { TableName: table, Item: old })
      : await this.call('DeleteItem', { TableName: table, Key: key });
    if (!done.ok) throw new Error(`restoring an item failed: ${JSON.stringify(done.json)}`);
  }
}

function validation(message: string): Answer {
  return { status: 400, body: JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message }) };
}

function isConditionFailure(json: Record<string, unknown>): boolean {
  return String(json['__type']).endsWith('#ConditionalCheckFailedException');
}

/** Whether the action's condition holds against the item as it stands; leaves the item as it was. */
async function conditionHolds(db: Backend, p: Planned): Promise<boolean | Answer> {
  if (!p.action.ConditionExpression) return true;
  // dynalite evaluates conditions only inside a write: rewrite the item as it is (or write its
  // bare key and take it away again) under the condition. Nobody sees it: requests are serialized.
  const { ExpressionAttributeNames, ExpressionAttributeValues, ConditionExpression } = p.action;
  const probe = await db.call('PutItem', {
    TableName: p.action.TableName,
    Item: p.old ?? p.key,
    ConditionExpression,
    ...(ExpressionAttributeNames ? { ExpressionAttributeNames: usedNames(ConditionExpression, ExpressionAttributeNames) } : {}),
    // A condition-only probe must not carry values that only the update expression uses.
    ...(ExpressionAttributeValues ? { ExpressionAttributeValues: usedValues(ConditionExpression, ExpressionAttributeValues) } : {}),
  });
  if (probe.ok) {
    if (!p.old) await db.restore(p.action.TableName, p.key, undefined);
    return true;
  }
  if (isConditionFailure(probe.json)) return false;
  return { status: probe.status, body: JSON.stringify(probe.json) };
}

function usedNames(expression: string, names: Record<string, string>): Record<string, string> | undefined {
  const used = Object.fromEntries(Object.entries(names).filter(([name]) => new RegExp(`${name}(?![A-Za-z0-9_])`).test(expression)));
  return Object.keys(used).length > 0 ? used : undefined;
}

function usedValues(expression: string, values: AttributeMap): AttributeMap | undefined {
  const used = Object.fromEntries(Object.entries(values).filter(([name]) => new RegExp(`${name}(?![A-Za-z0-9_])`).test(expression)));
  return Object.keys(used).length > 0 ? used : undefined;
}

async function apply(db: Backend, p: Planned): Promise<{ ok: boolean; json: Record<string, unknown>; status: number }> {
  const a = p.action;
  switch (p.kind) {
    case 'Put':
      return db.call('PutItem', { TableName: a.TableName, Item: a.Item });
    case 'Delete':
      return db.call('DeleteItem', { TableName: a.TableName, Key: a.Key });
    case 'Update': {
      // Names and values the condition alone used are dropped with it (conditions were checked already).
      const update = a.UpdateExpression ?? '';
      const names = a.ExpressionAttributeNames ? usedNames(update, a.ExpressionAttributeNames) : undefined;
      const values = a.ExpressionAttributeValues ? usedValues(update, a.ExpressionAttributeValues) : undefined;
      return db.call('UpdateItem', {
        TableName: a.TableName,
        Key: a.Key,
        UpdateExpression: update,
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
      });
    }
    case 'ConditionCheck':
      return { ok: true, json: {}, status: 200 };
  }
}

async function transactWriteItems(db: Backend, body: Buffer): Promise<Answer> {
  const request = JSON.parse(body.toString('utf8')) as { TransactItems?: Partial<Record<Kind, Action>>[] };
  const items = request.TransactItems ?? [];
  if (items.length < 1 || items.length > 100) return validation('TransactItems must hold 1 to 100 actions');
  const planned: Planned[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const kinds = Object.keys(item) as Kind[];
    if (kinds.length !== 1) return validation('each TransactItem must hold exactly one of Put, Update, Delete, ConditionCheck');
    const kind = kinds[0];
    const action = item[kind] as Action;
    const keyNames = await db.keyNames(action.TableName);
    if (!Array.isArray(keyNames)) return keyNames;
    const source = kind === 'Put' ? action.Item : action.Key;
    if (!source || !keyNames.every((n) => n in source)) return validation(`${kind} on ${action.TableName} lacks its key`);
    const key = Object.fromEntries(keyNames.map((n) => [n, source[n]]));
    const id = `${action.TableName}\u0000${JSON.stringify(key)}`;
    if (seen.has(id)) return validation('Transaction request cannot include multiple operations on one item');
    seen.add(id);
    planned.push({ kind, action, key, old: await db.getItem(action.TableName, key) });
  }
  const reasons: Record<string, unknown>[] = [];
  for (const p of planned) {
    const holds = await conditionHolds(db, p);
    if (typeof holds === 'object') return holds;
    reasons.push(
      holds
        ? { Code: 'None' }
        : {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(p.action.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && p.old ? { Item: p.old } : {}),
          },
    );
  }
  if (reasons.some((r) => r['Code'] !== 'None'))
    return {
      status: 400,
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => String(r['Code'])).join(', ')}]`,
        CancellationReasons: reasons,
      }),
    };
  const applied: Planned[] = [];
  for (const p of planned) {
    const done = await apply(db, p);
    if (!done.ok) {
      for (const a of applied.reverse()) await db.restore(a.action.TableName, a.key, a.old);
      return { status: done.status, body: JSON.stringify(done.json) };
    }
    applied.push(p);
  }
  return { status: 200, body: '{}' };
}
