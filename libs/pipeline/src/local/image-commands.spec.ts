import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from '@triage/test-support';
import { WORKSPACE_ROOT, findWorkspaceRoot, triageImageCommands } from './image-commands';

describe('where the training image runs from', () => {
  it('finds the workspace from the sources, from a lib build and from the API bundle alike', () => {
    const root = workspaceRoot();
    expect(WORKSPACE_ROOT).toBe(root);
    for (const from of ['libs/pipeline/src/local', 'libs/pipeline/dist/local', 'apps/api/dist', '.']) {
      expect(findWorkspaceRoot(path.join(root, from))).toBe(root);
    }
  });

  it('falls back to the current folder outside any workspace', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-no-workspace-'));
    try {
      expect(findWorkspaceRoot(outside)).toBe(process.cwd());
    } finally {
      fs.rmSync(outside, { recursive: true });
    }
  });

  it("runs any triage image as apps/training's main.ts under tsx, from the workspace", () => {
    const [command] = triageImageCommands('/w');
    expect(command.command.slice(1)).toEqual(['--conditions=@triage/source', '--import', 'tsx', '/w/apps/training/src/main.ts']);
    expect(command.cwd).toBe('/w');
  });
});
