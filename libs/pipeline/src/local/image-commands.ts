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

/** The workspace root when the lib runs from its sources (libs/pipeline/src/local). */
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/**
 * The triage images (any image whose repository name starts with `triage`) run apps/training's
 * entry point from its sources: `main.ts preprocess|train|evaluate`, as the image's entry point does.
 */
export function triageImageCommands(workspaceRoot = WORKSPACE_ROOT): ImageCommand[] {
  return [
    {
      image: /(^|\/)triage[^/:@]*([:@].*)?$/,
      command: [process.execPath, '--conditions=@triage/source', '--import', 'tsx', path.join(workspaceRoot, 'apps/training/src/main.ts')],
      cwd: workspaceRoot,
    },
  ];
}

/** The command of the first entry that matches the image, if any. */
export function findImageCommand(commands: readonly ImageCommand[], image: string): ImageCommand | undefined {
  return commands.find((entry) => (typeof entry.image === 'string' ? entry.image === image : entry.image.test(image)));
}
