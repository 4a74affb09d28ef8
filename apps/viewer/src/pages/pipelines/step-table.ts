import { h } from '../../ui/dom';
import type { ExecutionStep } from './pipeline-api';
import { progressText, stepDuration } from './run-format';

/**
 * The definition's steps in order, each with its status (not started yet for those the run has
 * not reached), attempts, whether it was a cache hit, how long it ran, and its latest progress as a
 * bar with the phase and done/total. `showLog` opens a step's log.
 */
export function stepTable(
  stepNames: readonly string[],
  steps: readonly ExecutionStep[],
  selected: string | undefined,
  showLog: (step: string) => void,
): HTMLTableElement {
  const byName = new Map(steps.map((s) => [s.StepName, s]));
  const names = [...stepNames.filter((n) => byName.has(n)), ...stepNames.filter((n) => !byName.has(n))];
  return h(
    'table',
    { class: 'steps', 'data-testid': 'pipeline-steps' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Step', 'Type', 'Status', 'Attempts', 'Cache', 'Duration', 'Progress', 'Log'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      ...names.map((name) => {
        const step = byName.get(name);
        const p = step?.Progress;
        return h(
          'tr',
          {
            'data-testid': 'pipeline-step-row',
            'data-step': name,
            'data-status': step?.StepStatus ?? 'NotStarted',
            class: name === selected ? 'selected' : undefined,
          },
          h('td', {}, name),
          h('td', {}, step?.StepType ?? ''),
          h('td', {}, h('span', { class: `badge status-${step?.StepStatus ?? 'NotStarted'}` }, step?.StepStatus ?? 'not started')),
          h('td', { class: 'number' }, step ? step.AttemptCount : ''),
          h(
            'td',
            {},
            step?.CacheHitResult
              ? h('span', { class: 'badge cache-hit', title: step.CacheHitResult.SourcePipelineExecutionArn }, 'cache hit')
              : '',
          ),
          h('td', { class: 'number' }, step ? stepDuration(step) : ''),
          h(
            'td',
            { class: 'progress-cell' },
            p
              ? h(
                  'label',
                  { class: 'progress' },
                  h('progress', {
                    max: Math.max(p.total, 1),
                    value: Math.min(p.done, Math.max(p.total, 1)),
                    'data-testid': 'step-progress',
                  }),
                  h('span', { class: 'progress-text' }, progressText(p)),
                )
              : step?.FailureReason
                ? h('span', { class: 'failure' }, step.FailureReason)
                : '',
          ),
          h(
            'td',
            {},
            step?.Log
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'button',
                    'data-testid': 'step-log-open',
                    'aria-pressed': String(name === selected),
                    on: { click: () => showLog(name) },
                  },
                  'Log',
                )
              : '',
          ),
        );
      }),
    ),
  );
}
