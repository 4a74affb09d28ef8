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
