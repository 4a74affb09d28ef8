import type { Page } from 'playwright-core';

/**
 * Collects what went wrong inside a page (uncaught exceptions, console errors, failed requests) so
 * that a spec can assert there was nothing, or show it when a wait on the page times out.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) =>
    errors.push(`requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  return errors;
}
