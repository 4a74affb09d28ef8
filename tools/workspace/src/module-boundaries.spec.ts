import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** Lints an import as if written in `file` (nothing is written to disk). */
function lintImport(file: string, code: string): { rule: string; message: string }[] {
  const out = execFileSync(process.execPath, [path.join(root, 'tools/workspace/scripts/lint-import.mjs'), file, code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  return JSON.parse(out);
}

describe('module boundaries (docs/ARCHITECTURE.md layering, enforced by @nx/enforce-module-boundaries)', () => {
  it('fails the lint when a lib imports an app', () => {
    const messages = lintImport('libs/codec/src/zz-boundary.ts', "import { run } from '@triage/cli';\nexport const x = run;\n");
    expect(messages.some((m) => m.rule === '@nx/enforce-module-boundaries')).toBe(true);
  });

  it('fails the lint when a tool imports an app', () => {
    const messages = lintImport('tools/bench/src/zz-boundary.ts', "import { run } from '@triage/cli';\nexport const x = run;\n");
    expect(messages).toContainEqual({ rule: '@nx/enforce-module-boundaries', message: 'Imports of apps are forbidden' });
  });

  it('fails the lint when shipped lib code imports a test helper', () => {
    const messages = lintImport('libs/platform/src/zz-boundary.ts', "import * as s from '@triage/test-support';\nexport const x = s;\n");
    expect(messages.map((m) => m.message)).toContainEqual(
      expect.stringContaining('A project tagged with "type:util" can only depend on libs tagged with "type:util"'),
    );
  });

  it('lets an app import a lib', () => {
    const messages = lintImport(
      'apps/cli/src/zz-boundary.ts',
      "import { readPart10 } from '@triage/dicom';\nexport const x = readPart10;\n",
    );
    expect(messages.filter((m) => m.rule === '@nx/enforce-module-boundaries')).toEqual([]);
  });
});
