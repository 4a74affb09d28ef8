import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../support/cli-error';

/** How to start the API: the node arguments before the entry's own. */
export interface ApiCommand {
  args: string[];
  /** What `up` prints about the choice. */
  describe: string;
}

/** The workspace root: the nearest folder above `from` that holds nx.json. */
export function workspaceRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new CliError(`cannot find the triage workspace (no nx.json above ${from})`);
  }
}

/**
 * The API's entry: $TRIAGE_API_ENTRY when set, else the built bundle apps/api/dist/main.js, else
 * the TypeScript sources through tsx (a fresh clone after `npm ci` has nothing built).
 */
export function apiCommand(env: NodeJS.ProcessEnv = process.env): ApiCommand {
  const override = env['TRIAGE_API_ENTRY'];
  if (override) {
    const entry = path.resolve(override);
    if (!fs.existsSync(entry)) throw new CliError(`TRIAGE_API_ENTRY: ${override}: no such file`);
    return forEntry(entry);
  }
  const root = workspaceRoot();
  const bundle = path.join(root, 'apps/api/dist/main.js');
  if (fs.existsSync(bundle)) return forEntry(bundle);
  const source = path.join(root, 'apps/api/src/main.ts');
  if (!fs.existsSync(source)) throw new CliError(`cannot find the API: neither ${bundle} nor ${source} exists`);
  return forEntry(source, root);
}

function forEntry(entry: string, root?: string): ApiCommand {
  if (!/\.[mc]?ts$/.test(entry)) return { args: [entry], describe: entry };
  // tsx is resolved from the workspace, not the working directory: `triage up` may run anywhere.
  // tsx exports one file (dist/loader.mjs) for every condition, so this is its --import entry.
  const loader = pathToFileURL(require.resolve('tsx', { paths: [root ?? workspaceRoot(), path.dirname(entry)] })).href;
  return { args: ['--conditions=@triage/source', '--import', loader, entry], describe: `${entry} (sources, through tsx)` };
}
