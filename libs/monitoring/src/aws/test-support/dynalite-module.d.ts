// A copy of libs/catalog/src/test-support/dynalite-module.d.ts (monitoring cannot import another lib's test support); all copies belong in libs/test-support.
// dynalite ships no types; this is the one function the tests call.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    path?: string;
  }

  /** An HTTP server speaking DynamoDB's JSON protocol over an in-memory LevelDB. */
  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
