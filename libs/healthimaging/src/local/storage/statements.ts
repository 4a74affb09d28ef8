import type Database from 'better-sqlite3';
import type { IndexDb } from './open-index';

const caches = new WeakMap<IndexDb, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection: hot paths (QIDO, frames, ingest) run thousands a second. */
export function statement<P extends unknown[] = unknown[], R = unknown>(db: IndexDb, sql: string): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    // Queries with value lists vary in shape: keep the cache bounded.
    if (cache.size >= 1000) cache.clear();
    cache.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt as unknown as Database.Statement<P, R>;
}
