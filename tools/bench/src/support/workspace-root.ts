import * as fs from 'node:fs';
import * as path from 'node:path';

/** The workspace root: the nearest folder up from the working directory that holds nx.json. */
export function workspaceRoot(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
