/** Roles that may read models and pipeline runs (the platform's `models.read` and `pipelines.read`). */
export const MODEL_READER_ROLES: readonly string[] = ['admin', 'data-scientist'];

/** Roles that may approve or reject a version (`models.approve`). */
export const APPROVER_ROLES: readonly string[] = ['admin', 'data-scientist'];

/** Roles that may promote a version or roll back (`models.promote`). */
export const PROMOTER_ROLES: readonly string[] = ['admin'];
