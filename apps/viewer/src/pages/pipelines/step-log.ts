import { h, replaceChildren } from '../../ui/dom';
import { notice } from '../../ui/notice';
import { readLog } from './pipeline-api';

const POLL_MS = 2_000;
/** What the page keeps of a long log: its end (the whole log is one request away through the API). */
const KEEP_CHARS = 200_000;

/** A step's log that follows the attempt while it runs (each read starts where the last ended: the route's offset). */
export interface StepLog {
  element: HTMLElement;
  /** Shows another step's log (its latest attempt), from the start. */
  show(step: string): void;
  readonly step: string | undefined;
  dispose(): void;
}

/** The log panel of an execution. */
export function stepLog(executionId: string): StepLog {
  const title = h('h2', { id: 'step-log-title' }, 'Log');
  const state = h('span', { class: 'muted', 'data-testid': 'step-log-state' });
  const pre = h('pre', { class: 'log', 'data-testid': 'step-log', tabindex: 0, 'aria-labelledby': 'step-log-title' });
  const message = h('div', { class: 'message' });
  const element = h(
    'section',
    { class: 'panel wide', 'data-testid': 'step-log-panel' },
    h('div', { class: 'panel-head' }, title, state),
    message,
    pre,
  );
  let step: string | undefined;
  let offset = 0;
  let attempt: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let disposed = false;

  const read = async (which: string) => {
    controller = new AbortController();
    try {
      const chunk = await readLog(executionId, which, offset, attempt, controller.signal);
      if (disposed || which !== step) return;
      attempt = chunk.attempt;
      offset = chunk.next;
      if (chunk.text) {
        const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        const text = (pre.textContent ?? '') + chunk.text;
        pre.textContent = text.length > KEEP_CHARS ? text.slice(-KEEP_CHARS) : text;
        if (atEnd) pre.scrollTop = pre.scrollHeight;
      }
      replaceChildren(message);
      state.textContent = chunk.complete ? `attempt ${chunk.attempt}, complete` : `attempt ${chunk.attempt}, following…`;
      element.dataset.complete = String(chunk.complete);
      if (!chunk.complete) timer = setTimeout(() => void read(which), POLL_MS);
    } catch (error) {
      if (disposed || which !== step || (error instanceof DOMException && error.name === 'AbortError')) return;
      replaceChildren(message, notice(error instanceof Error ? error.message : String(error)));
      timer = setTimeout(() => void read(which), POLL_MS);
    }
  };

  return {
    element,
    get step() {
      return step;
    },
    show(next) {
      if (next === step) return;
      clearTimeout(timer);
      controller?.abort();
      step = next;
      offset = 0;
      attempt = undefined;
      pre.textContent = '';
      title.textContent = `Log: ${next}`;
      element.dataset.step = next;
      element.dataset.complete = 'false';
      void read(next);
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}
