import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { workspaceRoot } from '../workspace/workspace-root';

/** Where screenshots go: `<workspace>/tmp/browser-screenshots/` (git-ignored), or TRIAGE_SCREENSHOT_DIR. */
export function screenshotDir(): string {
  return process.env.TRIAGE_SCREENSHOT_DIR ?? path.join(workspaceRoot(), 'tmp', 'browser-screenshots');
}

/** Saves a PNG of the page's viewport as `<name>.png` in {@link screenshotDir}, prints its path, and returns it. */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)}: letters, digits, . _ - only`);
  const dir = screenshotDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  // The path is the point of a screenshot in a test run: it is printed where the run's output is read.
  console.log(`screenshot: ${file}`);
  return file;
}
