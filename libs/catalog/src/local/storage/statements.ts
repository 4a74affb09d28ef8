import type Database from 'better-sqlite3';
import { cachedStatement } from '@triage/platform';
import type { CatalogDb } from './open-catalog-db';

/** A prepared statement of the catalog, compiled once per connection (filtered worklist queries vary in shape: at most 500 kept). */
export function statement<P extends unknown[] = unknown[], R = unknown>(db: CatalogDb, sql: string): Database.Statement<P, R> {
  return cachedStatement<P, R>(db, sql, 500);
}
