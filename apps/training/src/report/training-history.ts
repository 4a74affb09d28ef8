/** One epoch of the training curves (history.json, written by the train step). */
export interface HistoryEpoch {
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate?: number;
}

const FIELDS: Array<[keyof HistoryEpoch, string[]]> = [
  ['loss', ['loss']],
  ['accuracy', ['accuracy', 'acc']],
  ['valLoss', ['valLoss', 'val_loss']],
  ['valAccuracy', ['valAccuracy', 'val_accuracy', 'val_acc']],
  ['learningRate', ['learningRate', 'learning_rate', 'lr']],
];

/**
 * The epochs of a history.json in any of the shapes a trainer writes: a list of epochs, `{ epochs:
 * [...] }`, or Keras's columns (`{ loss: [...], val_loss: [...] }`); camelCase or snake_case names.
 * Values that are not finite numbers are left out rather than drawn.
 */
export function parseTrainingHistory(json: unknown): HistoryEpoch[] {
  const record = (json ?? {}) as Record<string, unknown>;
  const rows: unknown = Array.isArray(json) ? json : (record['epochs'] ?? record['history'] ?? columnsToRows(record));
  if (!Array.isArray(rows)) return [];
  return rows.map((row, index) => {
    const r = (row ?? {}) as Record<string, unknown>;
    const epoch: HistoryEpoch = { epoch: typeof r['epoch'] === 'number' ? r['epoch'] : index + 1 };
    for (const [field, names] of FIELDS) {
      const value = names.map((n) => r[n]).find((v) => typeof v === 'number' && Number.isFinite(v));
      if (typeof value === 'number') (epoch as unknown as Record<string, number>)[field] = value;
    }
    return epoch;
  });
}

function columnsToRows(record: Record<string, unknown>): unknown[] | undefined {
  const columns = Object.entries(record).filter(([, v]) => Array.isArray(v)) as Array<[string, unknown[]]>;
  if (columns.length === 0) return undefined;
  const length = Math.max(...columns.map(([, v]) => v.length));
  return Array.from({ length }, (_, i) => Object.fromEntries(columns.map(([k, v]) => [k, v[i]])));
}
