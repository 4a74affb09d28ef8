import type { Finding, LabelVersion, Prediction, VerificationState } from '@triage/catalog';
import type { ImageSetId } from '@triage/dicom';
import { ApiError } from '../../session/api-error';
import { api } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import { notice } from '../../ui/notice';

/** `GET /api/image-sets/{id}/label`. */
export interface LabelView {
  findings: Finding[];
  current?: LabelVersion;
  history: LabelVersion[];
  prediction?: Prediction;
  verification: VerificationState;
}

/** Who set a label version, in words. */
export function originText(label: LabelVersion): string {
  const o = label.origin;
  return o.kind === 'clinician' ? `${o.principal} (${o.role})` : o.kind === 'model' ? `model ${o.modelVersion}` : `import ${o.source}`;
}

/** The finding a clinician confirms by "Confirm": the current label's, else the model's, else none. */
export function shownFinding(view: LabelView): Finding | undefined {
  return view.current?.finding ?? view.prediction?.finding;
}

/**
 * The label panel: the model's prediction beside the current label, confirm (the finding shown) or correct (another
 * finding) with a note, and the history. Every write carries the version it saw; a 409 shows the new state.
 */
export function labelPanel(imageSetId: ImageSetId, canWrite: boolean): { element: HTMLElement; load(): Promise<void> } {
  const element = h('aside', { class: 'label-panel', 'data-testid': 'label-panel', 'data-state': 'loading' }, h('p', {}, 'Loading label…'));
  const url = `/api/image-sets/${encodeURIComponent(imageSetId)}/label`;

  const render = (view: LabelView, message?: HTMLElement) => {
    const shown = shownFinding(view);
    const p = view.prediction;
    const select = h(
      'select',
      { 'data-testid': 'label-finding', 'aria-label': 'Finding' },
      ...view.findings.map((f) => h('option', { value: f, selected: f === shown }, f)),
    );
    const note = h('textarea', {
      'data-testid': 'label-note',
      rows: 3,
      maxlength: 1000,
      placeholder: 'Note (optional)',
      'aria-label': 'Note',
    });
    const confirm = h(
      'button',
      { type: 'button', class: 'button primary', 'data-testid': 'label-confirm', disabled: !canWrite || !shown },
      shown ? `Confirm ${shown}` : 'Confirm',
    );
    const correct = h(
      'button',
      { type: 'button', class: 'button', 'data-testid': 'label-correct', disabled: !canWrite },
      'Correct to selected',
    );
    const write = (finding: Finding) => {
      confirm.disabled = correct.disabled = true;
      api<LabelVersion>(url, {
        method: 'PUT',
        json: { finding, note: note.value.trim() || undefined, expectedVersion: view.current?.version ?? 0 },
      })
        .then(() => load())
        .catch(async (error: unknown) => {
          if (error instanceof ApiError && error.status === 409) {
            await load(notice('Someone else labelled this study meanwhile: the history below shows the new state.', 'info'));
            return;
          }
          const text =
            error instanceof ApiError && error.status === 403
              ? 'Not allowed: your role may not change labels.'
              : String(error instanceof Error ? error.message : error);
          render(view, notice(text));
        });
    };
    confirm.addEventListener('click', () => shown && write(shown));
    correct.addEventListener('click', () => write(select.value));
    const updateCorrect = () => (correct.disabled = !canWrite || select.value === shown);
    select.addEventListener('change', updateCorrect);
    updateCorrect();

    element.dataset.state = view.verification;
    element.dataset.version = String(view.current?.version ?? 0);
    replaceChildren(
      element,
      h('h2', {}, 'Finding'),
      h(
        'dl',
        { class: 'label-compare' },
        h('dt', {}, 'Model'),
        h(
          'dd',
          { 'data-testid': 'label-prediction' },
          p ? `${p.finding} (${Math.round((p.scores[p.finding] ?? 0) * 100)}%, priority ${p.priority.toFixed(2)})` : 'no model yet',
        ),
        h('dt', {}, 'Clinician'),
        h(
          'dd',
          { 'data-testid': 'label-current', 'data-verification': view.verification },
          view.current ? `${view.current.finding} — ${view.verification}${view.current.verified ? '' : ' (not verified)'}` : 'no label yet',
        ),
      ),
      message,
      canWrite
        ? h('div', { class: 'label-form' }, select, note, h('div', { class: 'buttons' }, confirm, correct))
        : h('p', { class: 'muted' }, 'Your role may read labels, not change them.'),
      h('h3', {}, 'History'),
      view.history.length === 0
        ? h('p', { class: 'muted', 'data-testid': 'label-history' }, 'No label yet.')
        : h(
            'ol',
            { class: 'history', 'data-testid': 'label-history' },
            ...view.history.map((v) =>
              h(
                'li',
                { 'data-testid': 'label-history-item', 'data-version': v.version, 'data-finding': v.finding },
                h('strong', {}, `v${v.version} ${v.finding}`),
                ` ${v.verified ? 'verified' : 'unverified'} by ${originText(v)}, ${formatTime(v.setAt)}`,
                v.note ? h('div', { class: 'note' }, v.note) : null,
              ),
            ),
          ),
    );
  };

  const load = async (message?: HTMLElement): Promise<void> => {
    try {
      render(await api<LabelView>(url), message);
    } catch (error) {
      element.dataset.state = 'error';
      const text =
        error instanceof ApiError && error.status === 403
          ? 'Not allowed: your role may not read labels.'
          : String(error instanceof Error ? error.message : error);
      replaceChildren(element, h('h2', {}, 'Finding'), notice(text));
    }
  };
  return { element, load };
}
