/** The roles a token can carry. */
export const ROLES = ['admin', 'clinician', 'data-scientist', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** What a route or an operation needs; every route declares one (route config `action`). */
export const ACTIONS = [
  'dicomweb.read',
  'dicomweb.store',
  'healthimaging.read',
  'healthimaging.write',
  'training-export.read',
  'tokens.manage',
  'audit.read',
  'metrics.read',
  'worklist.read',
  'labels.read',
  'labels.write',
  'events.manage',
  'pipelines.read',
  'pipelines.run',
  'models.read',
  'models.approve',
  'models.promote',
] as const;
export type Action = (typeof ACTIONS)[number];

/** One row of {@link PERMISSIONS}: which roles may perform an action, and whether doing it is audited. */
export interface Permission {
  roles: readonly Role[];
  /** PHI reads and changes are audited whatever their outcome; other actions only when refused. */
  audited: boolean;
  description: string;
}

/**
 * THE role table: the only place that says who may do what (the README copies it). A data
 * scientist never reads identified PHI, only de-identified training exports; an auditor reads the
 * audit log and changes nothing; a clinician reads and stores images but issues no tokens and does
 * not read the audit log.
 */
export const PERMISSIONS: Readonly<Record<Action, Permission>> = {
  'dicomweb.read': {
    roles: ['admin', 'clinician'],
    audited: true,
    description: 'QIDO-RS searches, WADO-RS instances, metadata, frames, thumbnails (identified PHI)',
  },
  'dicomweb.store': { roles: ['admin', 'clinician'], audited: true, description: 'STOW-RS uploads' },
  'healthimaging.read': {
    roles: ['admin', 'clinician'],
    audited: true,
    description: 'HealthImaging reads: GetImageFrame, GetImageSetMetadata, SearchImageSets, ... (identified PHI)',
  },
  'healthimaging.write': {
    roles: ['admin', 'clinician'],
    audited: true,
    description: 'HealthImaging changes: imports, UpdateImageSetMetadata, copies, deletes',
  },
  'training-export.read': { roles: ['admin', 'data-scientist'], audited: true, description: 'de-identified training exports' },
  'tokens.manage': { roles: ['admin'], audited: true, description: 'issue, list and revoke bearer tokens' },
  'audit.read': { roles: ['admin', 'auditor'], audited: true, description: 'read the audit log' },
  'metrics.read': { roles: ['admin', 'auditor'], audited: false, description: 'Prometheus metrics (no PHI)' },
  'worklist.read': {
    roles: ['admin', 'clinician'],
    audited: true,
    description: 'the worklist: image sets with patient, study, prediction and verification (identified PHI), and its live updates',
  },
  'labels.read': {
    roles: ['admin', 'clinician'],
    audited: true,
    description: "an image set's label, its history and the model's prediction",
  },
  'labels.write': {
    roles: ['admin', 'clinician'],
    audited: true,
    description: 'confirm or correct a finding (a new label version; emits LabelChanged and ImageVerified)',
  },
  'events.manage': { roles: ['admin'], audited: true, description: "list and replay the event bus's dead letters" },
  'pipelines.read': {
    roles: ['admin', 'data-scientist'],
    audited: false,
    description: 'pipeline runs: steps, status, progress, logs, the compiled definition (no PHI)',
  },
  'pipelines.run': { roles: ['admin', 'data-scientist'], audited: true, description: 'start a training pipeline run' },
  'models.read': {
    roles: ['admin', 'data-scientist'],
    audited: false,
    description: 'model versions, metrics, lineage and serving history (no PHI)',
  },
  'models.approve': {
    roles: ['admin', 'data-scientist'],
    audited: true,
    description: 'approve or reject a model version, with a reason',
  },
  'models.promote': { roles: ['admin'], audited: true, description: 'promote a model version to score new studies, or roll back' },
};

/** Whether `role` may perform `action`; an unknown action is refused (fail closed). */
export function mayPerform(role: string, action: string): boolean {
  const permission = isAction(action) ? PERMISSIONS[action] : undefined;
  return !!permission && (permission.roles as readonly string[]).includes(role);
}

/** Whether performing `action` is audited even when it succeeds. */
export function isAudited(action: string): boolean {
  return isAction(action) && PERMISSIONS[action].audited;
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** Whether `value` names an action of the table. */
export function isAction(value: unknown): value is Action {
  return (ACTIONS as readonly unknown[]).includes(value);
}

/** The role table as Markdown, rows = actions, columns = roles (the README's copy is checked against it). */
export function permissionsMarkdown(): string {
  const head = `| action | ${ROLES.join(' | ')} | audited |\n|---|${ROLES.map(() => ':-:|').join('')}:-:|\n`;
  const rows = ACTIONS.map((action) => {
    const p = PERMISSIONS[action];
    return `| \`${action}\` | ${ROLES.map((r) => (p.roles.includes(r) ? '✓' : '–')).join(' | ')} | ${p.audited ? 'always' : 'refusals'} |`;
  });
  return head + rows.join('\n') + '\n';
}
