import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@triage/platform';

/** Where the built viewer was found, or why not. */
export type ViewerDirChoice = { dir: string } | { dir: undefined; warning: string };

/**
 * The built viewer to serve at `/`: TRIAGE_VIEWER_DIR when set (it must hold index.html), else the
 * copy the API's build ships beside its bundle (apps/api/dist/viewer), else the viewer's own build
 * (apps/viewer/dist) when running from the sources; neither: a warning saying how to build it.
 */
export function chooseViewerDir(configured: string | undefined, here: string = __dirname): ViewerDirChoice {
  if (configured !== undefined) {
    if (!hasIndex(configured))
      throw new ConfigError('TRIAGE_VIEWER_DIR', `${configured} holds no index.html (build it: npx nx run viewer:build)`);
    return { dir: configured };
  }
  const candidates = [path.join(here, 'viewer'), path.resolve(here, '../../viewer/dist'), path.resolve(here, '../../../viewer/dist')];
  const found = candidates.find(hasIndex);
  if (found) return { dir: found };
  return {
    dir: undefined,
    warning: 'the viewer is not built, so / is not served: build it with "npx nx run viewer:build" (triage up builds it first)',
  };
}

function hasIndex(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}
