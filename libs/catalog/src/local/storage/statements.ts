import type Database from 'better-sqlite3';
import type { CatalogDb } from './open-catalog-db';

const caches = new WeakMap<CatalogDb, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection (the worklist runs the same few statements over and over). */
export function statement<P extends unknown[] = unknown[], R = unknown>(db: CatalogDb, sql: string): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    // Filtered worklist queries vary in shape: keep the cache bounded.
    if (cache.size >= 500) cache.clear();
    cache.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt as unknown as Database.Statement<P, R>;
}
