import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestApp } from './test-app';

/**
 * What a refused instance must leave untouched: every frame and metadata file (name and size),
 * every image set with its version, every instance QIDO can see. The index file itself is left
 * out (SQLite's WAL changes on reads), and so are temporary files.
 */
export async function storeSnapshot(t: TestApp): Promise<string> {
  // Transcoding behind the acknowledgement turns .orig files into .jph: compare the store at rest.
  await t.store.transcodesSettled();
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(t.storeDir, 'tmp')) walk(full);
      } else if (!entry.name.startsWith('index.sqlite')) {
        files.push(`${path.relative(t.storeDir, full)} ${fs.statSync(full).size}`);
      }
    }
  };
  walk(t.storeDir);
  const imageSets: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await t.store.searchImageSets({ datastoreId: t.datastoreId, maxResults: 50, nextToken });
    for (const s of page.imageSetsMetadataSummaries ?? []) imageSets.push(`${s.imageSetId} v${s.version}`);
    nextToken = page.nextToken;
  } while (nextToken);
  const instances = await t.store.qido(t.datastoreId, { level: 'instances', match: {}, includeField: [], limit: 100000, offset: 0 });
  return JSON.stringify({
    files: files.sort(),
    imageSets: imageSets.sort(),
    instances: instances.map((i) => String(i['00080018']?.Value?.[0])).sort(),
  });
}
