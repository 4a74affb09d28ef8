import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from './workspace-root';

describe('workspaceRoot', () => {
  it('finds the folder holding nx.json above this file', () => {
    const root = workspaceRoot();
    expect(fs.existsSync(path.join(root, 'nx.json'))).toBe(true);
    expect(path.relative(root, __dirname)).toBe(path.join('libs', 'test-support', 'src', 'workspace'));
  });

  it('names the folder it started from when there is no workspace above it', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'no-workspace-'));
    expect(() => workspaceRoot(outside)).toThrow(`no nx.json above ${outside}`);
  });
});
