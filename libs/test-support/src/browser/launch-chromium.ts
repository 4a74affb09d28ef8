import type { Browser, LaunchOptions, Page } from 'playwright-core';
import { CHROMIUM_BINARY, requireChromium } from './find-chromium';

/**
 * Headless Chromium has no GPU here: WebGL2 runs on SwiftShader through ANGLE. Chromium now refuses
 * the software fallback for WebGL unless asked (`--enable-unsafe-swiftshader`), so both are named
 * instead of relying on today's defaults.
 */
export const CHROMIUM_ARGS: readonly string[] = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'];

/** How to launch: another binary than Debian's, more flags, or any of playwright's own options. */
export interface LaunchChromiumOptions extends Omit<LaunchOptions, 'executablePath'> {
  executablePath?: string;
}

/** Launches Debian's Chromium headless through playwright-core with WebGL2 available; never downloads a browser. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const { executablePath = CHROMIUM_BINARY, args = [], ...rest } = options;
  const binary = requireChromium(executablePath);
  // Loaded here, not at the top: every spec imports @triage/test-support, few drive a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ headless: true, ...rest, executablePath: binary, args: [...CHROMIUM_ARGS, ...args] });
}

/** Whether the page can create a WebGL2 context (Cornerstone3D renders through one). */
export function hasWebGl2(page: Page): Promise<boolean> {
  // An expression, not a function: this lib is compiled without the DOM's types.
  return page.evaluate<boolean>("!!document.createElement('canvas').getContext('webgl2')");
}
