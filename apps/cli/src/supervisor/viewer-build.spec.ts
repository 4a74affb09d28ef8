import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureViewerBuilt } from './viewer-build';

/** A build script like the viewer's: writes dist/index.html, counting its runs; exits 3 when asked to fail. */
const SCRIPT = `import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
if (process.env.FAIL_BUILD) process.exit(3);
mkdirSync('dist', { recursive: true });
writeFileSync('dist/index.html', '<!doctype html>');
appendFileSync('runs', 'x');
`;

describe('ensureViewerBuilt (triage up)', () => {
  let root: string;
  const viewer = (...parts: string[]) => path.join(root, 'apps/viewer', ...parts);
  const runs = () => (fs.existsSync(viewer('runs')) ? fs.readFileSync(viewer('runs'), 'utf8').length : 0);
  const touch = (file: string, secondsFromNow: number) => {
    const when = new Date(Date.now() + secondsFromNow * 1000);
    fs.utimesSync(file, when, when);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-viewer-build-'));
    fs.mkdirSync(viewer('src/pages'), { recursive: true });
    fs.writeFileSync(viewer('build.mjs'), SCRIPT);
    fs.writeFileSync(viewer('src/pages/worklist.ts'), 'export {};');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds when dist/index.html is missing, not again while it is newer than the sources, again once a source changes', () => {
    expect([ensureViewerBuilt(root, {}), runs()]).toEqual(['built', 1]);
    touch(viewer('dist/index.html'), 10);
    expect([ensureViewerBuilt(root, {}), runs()]).toEqual(['fresh', 1]);
    touch(viewer('src/pages/worklist.ts'), 20);
    expect([ensureViewerBuilt(root, {}), runs()]).toEqual(['built', 2]);
  });

  it.each([
    ['TRIAGE_VIEWER_DIR names a viewer of its own', { TRIAGE_VIEWER_DIR: '/srv/viewer' }],
    ['TRIAGE_API_ENTRY names an API of its own', { TRIAGE_API_ENTRY: '/srv/api/main.js' }],
  ])('skips when %s', (_name, env) => {
    expect([ensureViewerBuilt(root, env), runs()]).toEqual(['skipped', 0]);
  });

  it('skips a workspace without the viewer build script', () => {
    fs.rmSync(viewer('build.mjs'));
    expect(ensureViewerBuilt(root, {})).toBe('skipped');
  });

  it('fails with the build exit status and how to build by hand', () => {
    expect(() => ensureViewerBuilt(root, { FAIL_BUILD: '1' })).toThrow('the viewer build failed (exit 3); run: npx nx run viewer:build');
  });
});
