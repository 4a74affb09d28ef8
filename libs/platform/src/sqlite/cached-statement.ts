import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection and kept: hot paths (QIDO, frames, ingest,
 * the worklist) run the same statements thousands of times a second. Queries whose text varies
 * with their value lists would grow the cache without end, so past `maxCached` it starts over.
 */
export function cachedStatement<P extends unknown[] = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
  maxCached = 1000,
): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    if (cache.size >= maxCached) cache.clear();
    cache.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt as unknown as Database.Statement<P, R>;
}
