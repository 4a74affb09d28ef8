import * as fs from 'node:fs';
import * as path from 'node:path';

/** How a container image runs locally: the image URIs it stands for, and the command its entry point becomes. */
export interface ImageCommand {
  /** An exact image URI, or a pattern over it. */
  image: string | RegExp;
  /** The program and its first arguments; the step's verb and the container arguments follow. */
  command: string[];
  /** Working folder (default: the workspace root). */
  cwd?: string;
}

/** The training image's entry point, relative to the workspace root. */
const TRAINING_MAIN = 'apps/training/src/main.ts';

/**
 * The workspace that holds the training image's sources: the nearest folder above `from` with
 * apps/training/src/main.ts. Walked up rather than a fixed `../../..`, because this code runs from
 * libs/pipeline/src, from libs/pipeline/dist and bundled into apps/api/dist/main.js alike; the
 * current folder when none is found (the runner then says which command it could not start).
 */
export function findWorkspaceRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, TRAINING_MAIN))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** The workspace root, found once. */
export const WORKSPACE_ROOT = findWorkspaceRoot();

/**
 * The triage images (any image whose repository name starts with `triage`) run apps/training's
 * entry point from its sources: `main.ts preprocess|train|evaluate`, as the image's entry point does.
 */
export function triageImageCommands(workspaceRoot = WORKSPACE_ROOT): ImageCommand[] {
  return [
    {
      image: /(^|\/)triage[^/:@]*([:@].*)?$/,
      command: [process.execPath, '--conditions=@triage/source', '--import', 'tsx', path.join(workspaceRoot, TRAINING_MAIN)],
      cwd: workspaceRoot,
    },
  ];
}

/** The command of the first entry that matches the image, if any. */
export function findImageCommand(commands: readonly ImageCommand[], image: string): ImageCommand | undefined {
  return commands.find((entry) => (typeof entry.image === 'string' ? entry.image === image : entry.image.test(image)));
}
