import { CatalogError } from '../catalog-error';

/** An SDK error's name and message, whatever threw it. */
function named(error: unknown): { name: string; message: string } {
  const e = error as { name?: unknown; message?: unknown } | undefined;
  return { name: typeof e?.name === 'string' ? e.name : '', message: typeof e?.message === 'string' ? e.message : String(error) };
}

/**
 * DynamoDB's refusals as the port names them: a missing table is `ResourceNotFoundException`, a
 * request DynamoDB finds invalid (an item over 400 KB, say) `ValidationException`. Throttling and
 * server errors pass through unchanged: the SDK has retried them already, and they are not the
 * caller's fault.
 */
export function catalogErrorOf(error: unknown, tableName: string): unknown {
  if (error instanceof CatalogError) return error;
  const { name, message } = named(error);
  if (name === 'ResourceNotFoundException')
    return new CatalogError('ResourceNotFoundException', `the catalog table ${tableName} was not found: ${message}`);
  if (name === 'ValidationException') return new CatalogError('ValidationException', `DynamoDB refused the request: ${message}`);
  return error;
}
