import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { ChromiumNotInstalledError, requireChromium } from './find-chromium';
import { hasWebGl2, launchChromium } from './launch-chromium';
import { collectPageErrors } from './page-errors';
import { screenshot } from './screenshot';
import { VIEWPORTS, newViewportContext, type Viewport } from './viewports';

/** The PNG's width and height, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the Chromium harness', () => {
  let browser: Browser;
  let shots: string;
  beforeAll(async () => {
    shots = fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'));
    process.env.TRIAGE_SCREENSHOT_DIR = shots;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    delete process.env.TRIAGE_SCREENSHOT_DIR;
    fs.rmSync(shots, { recursive: true, force: true });
  });

  it('names the package to install when the browser is missing', async () => {
    expect(() => requireChromium('/nonexistent/chromium')).toThrow(ChromiumNotInstalledError);
    expect(() => requireChromium('/nonexistent/chromium')).toThrow('install it with `apt-get install chromium`');
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow('apt-get install chromium');
  });

  it('renders WebGL2 headless and draws it: a cleared canvas reads back as the clear colour', async () => {
    const context = await newViewportContext(browser, VIEWPORTS.desktop);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.setContent('<canvas width="4" height="4"></canvas>');
    expect(await hasWebGl2(page)).toBe(true);
    // Expressions, not functions: this lib is compiled without the DOM's types.
    const pixel = await page.evaluate<number[]>(`(() => {
      const gl = document.querySelector('canvas').getContext('webgl2');
      gl.clearColor(1, 0.5, 0, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      const out = new Uint8Array(4);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return [...out];
    })()`);
    expect(pixel).toEqual([255, 128, 0, 255]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each<Viewport>(Object.values(VIEWPORTS))(
    'gives a $width x $height context (touch: $hasTouch) and screenshots it at that size',
    async (viewport) => {
      const context = await newViewportContext(browser, viewport);
      const page = await context.newPage();
      await page.setContent('<p>harness</p>');
      const seen = await page.evaluate('({ width: innerWidth, height: innerHeight, touch: navigator.maxTouchPoints > 0 })');
      expect(seen).toEqual({ width: viewport.width, height: viewport.height, touch: viewport.hasTouch });
      const file = await screenshot(page, `harness-${viewport.name}`);
      expect(file).toBe(path.join(shots, `harness-${viewport.name}.png`));
      expect(pngSize(file)).toEqual({ width: viewport.width, height: viewport.height });
      await context.close();
    },
  );

  it('refuses a screenshot name that could leave the folder', async () => {
    const page = await browser.newPage();
    await expect(screenshot(page, '../escape')).rejects.toThrow('letters, digits');
    await page.close();
  });
});
