import type Database from 'better-sqlite3';
import { cachedStatement } from '@triage/platform';
import type { IndexDb } from './open-index';

/** A prepared statement of the index, compiled once per connection (queries with value lists vary in shape: at most 1,000 kept). */
export function statement<P extends unknown[] = unknown[], R = unknown>(db: IndexDb, sql: string): Database.Statement<P, R> {
  return cachedStatement<P, R>(db, sql, 1000);
}
