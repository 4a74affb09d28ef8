import { h } from './dom';

/** An inline message (role=alert for errors, so screen readers and the browser tests find it). */
export function notice(text: string, kind: 'error' | 'info' = 'error'): HTMLElement {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `notice-${kind}` }, text);
}
