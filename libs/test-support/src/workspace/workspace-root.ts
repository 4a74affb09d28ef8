import * as fs from 'node:fs';
import * as path from 'node:path';

/** The Nx workspace root (the folder holding nx.json) above `from`, by default above this file. */
export function workspaceRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  while (!fs.existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}: not inside the triage workspace`);
    dir = parent;
  }
  return dir;
}
