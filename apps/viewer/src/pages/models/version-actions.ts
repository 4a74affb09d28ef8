import { api, currentSession } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { notice } from '../../ui/notice';
import { groupPath, type ModelVersion } from './model-api';
import { APPROVER_ROLES, PROMOTER_ROLES } from './model-roles';

/** A change a person makes to a version, and the request it is. */
export type VersionAction = 'approve' | 'reject' | 'promote' | 'rollback';

/** The actions `role` may take on version `v` now (the server decides again: these only choose which buttons to show). */
export function actionsFor(role: string, v: Pick<ModelVersion, 'approvalStatus' | 'promoted'>): VersionAction[] {
  const actions: VersionAction[] = [];
  if (APPROVER_ROLES.includes(role)) {
    if (v.approvalStatus !== 'Approved') actions.push('approve');
    if (v.approvalStatus !== 'Rejected' && !v.promoted) actions.push('reject');
  }
  if (PROMOTER_ROLES.includes(role)) {
    if (v.approvalStatus === 'Approved' && !v.promoted) actions.push('promote');
    if (v.promoted) actions.push('rollback');
  }
  return actions;
}

const LABELS: Record<VersionAction, string> = { approve: 'Approve', reject: 'Reject', promote: 'Promote', rollback: 'Roll back' };

/** The request of an action: approve, reject and promote name the version; a rollback is the group's. */
export function actionPath(action: VersionAction, group: string, version: number): string {
  return action === 'rollback' ? `${groupPath(group)}/rollback` : `${groupPath(group, version)}/${action}`;
}

/**
 * The buttons this role may use on the version, with the reason every change needs (kept in the
 * history with who and when). `done` runs after the server accepted a change (the page reloads).
 */
export function versionActions(v: ModelVersion, done: (action: VersionAction) => void): HTMLElement | null {
  const actions = actionsFor(currentSession()?.principal.role ?? '', v);
  if (actions.length === 0) return null;
  const reason = h('textarea', {
    id: 'action-reason',
    name: 'reason',
    rows: 2,
    maxlength: 1024,
    required: true,
    'data-testid': 'action-reason',
    placeholder: 'Why (kept in the history with your name)',
  });
  const message = h('div', { class: 'message', 'aria-live': 'polite' });
  const buttons = actions.map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: action === 'reject' || action === 'rollback' ? 'button danger' : 'button primary',
        'data-testid': `action-${action}`,
        on: { click: () => void run(action) },
      },
      LABELS[action],
    ),
  );
  const run = async (action: VersionAction) => {
    const why = reason.value.trim();
    if (!why) {
      replaceChildren(message, notice('A reason is required.'));
      reason.focus();
      return;
    }
    for (const b of buttons) b.disabled = true;
    try {
      await api(actionPath(action, v.groupName, v.version), { method: 'POST', json: { reason: why } });
      done(action);
    } catch (error) {
      replaceChildren(message, notice(error instanceof Error ? error.message : String(error)));
      for (const b of buttons) b.disabled = false;
    }
  };
  return h(
    'section',
    { class: 'panel actions', 'data-testid': 'version-actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, 'Decide'),
    h('label', { for: 'action-reason' }, 'Reason'),
    reason,
    h('div', { class: 'buttons' }, ...buttons),
    message,
  );
}
