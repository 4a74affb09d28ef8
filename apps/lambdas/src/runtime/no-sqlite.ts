/**
 * What `better-sqlite3` resolves to in the functions' AWS bundles (libs/aws-constructs aliases it here): the local
 * implementations are in the bundle because the composition root can pick them, but a Lambda has no native SQLite and
 * no data directory. Loading the bundle must not need it; opening a local store there says why it cannot.
 */
export default class NoSqlite {
  constructor(file?: string) {
    throw new Error(
      `SQLite is not in this function's bundle (asked to open ${file ?? 'a database'}): on AWS set TRIAGE_BACKEND=aws (the stacks do); the local implementations run from a local build`,
    );
  }
}
