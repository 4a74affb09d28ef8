import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** A screen the viewer must work on. */
export interface Viewport {
  /** Short, file-name safe: it goes into screenshot names. */
  name: string;
  width: number;
  height: number;
  hasTouch: boolean;
}

/** The two screens the viewer is checked on: a laptop with a mouse, and a 1024x768 tablet with touch. */
export const VIEWPORTS = {
  desktop: { name: '1280x800', width: 1280, height: 800, hasTouch: false },
  tablet: { name: '1024x768-touch', width: 1024, height: 768, hasTouch: true },
} as const satisfies Record<string, Viewport>;

/** A fresh browser context (its own cookies) with the viewport's size and touch support. */
export function newViewportContext(browser: Browser, viewport: Viewport, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    ...options,
    viewport: { width: viewport.width, height: viewport.height },
    hasTouch: viewport.hasTouch,
    isMobile: false,
  });
}
