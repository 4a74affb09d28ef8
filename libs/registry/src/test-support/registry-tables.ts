import type { ModelApprovalStatus, RegistryError } from '../model-registry';

type Outcome = 'ok' | RegistryError['code'];

/**
 * UpdateModelPackage on a version that is not promoted: every change between SageMaker's three
 * statuses is allowed (setting the same status again too: it records the new reason).
 */
export const APPROVAL_TRANSITIONS: readonly { from: ModelApprovalStatus; to: ModelApprovalStatus; outcome: Outcome }[] = [
  { from: 'PendingManualApproval', to: 'PendingManualApproval', outcome: 'ok' },
  { from: 'PendingManualApproval', to: 'Approved', outcome: 'ok' },
  { from: 'PendingManualApproval', to: 'Rejected', outcome: 'ok' },
  { from: 'Approved', to: 'PendingManualApproval', outcome: 'ok' },
  { from: 'Approved', to: 'Approved', outcome: 'ok' },
  { from: 'Approved', to: 'Rejected', outcome: 'ok' },
  { from: 'Rejected', to: 'PendingManualApproval', outcome: 'ok' },
  { from: 'Rejected', to: 'Approved', outcome: 'ok' },
  { from: 'Rejected', to: 'Rejected', outcome: 'ok' },
];

/** UpdateModelPackage on the promoted version (always Approved): it stays Approved until another serves. */
export const PROMOTED_TRANSITIONS: readonly { to: ModelApprovalStatus; outcome: Outcome }[] = [
  { to: 'Approved', outcome: 'ok' },
  { to: 'Rejected', outcome: 'ConflictException' },
  { to: 'PendingManualApproval', outcome: 'ConflictException' },
];

/** Promote by approval status: only an Approved version may serve. */
export const PROMOTE_BY_STATUS: readonly { status: ModelApprovalStatus; outcome: Outcome }[] = [
  { status: 'PendingManualApproval', outcome: 'ConflictException' },
  { status: 'Approved', outcome: 'ok' },
  { status: 'Rejected', outcome: 'ConflictException' },
];

/** Group names as SageMaker validates them (1-63 of [a-zA-Z0-9-], starting and ending with a letter or digit). */
export const GROUP_NAMES: readonly { name: string; valid: boolean }[] = [
  { name: 'a', valid: true },
  { name: 'Chest-XRay-2', valid: true },
  { name: 'a--b', valid: true },
  { name: 'x'.repeat(63), valid: true },
  { name: '', valid: false },
  { name: '-chest', valid: false },
  { name: 'chest-', valid: false },
  { name: 'chest_xray', valid: false },
  { name: 'chest xray', valid: false },
  { name: 'chest/xray', valid: false },
  { name: 'x'.repeat(64), valid: false },
  { name: 'pneumonía', valid: false },
];

/**
 * A promote and rollback sequence over versions 1-3 (all Approved) and what serves after each
 * step; `refused` steps change nothing.
 */
export const SERVING_SEQUENCE: readonly { step: string; serving: number | undefined; outcome: Outcome }[] = [
  { step: 'rollback', serving: undefined, outcome: 'ConflictException' },
  { step: 'promote 1', serving: 1, outcome: 'ok' },
  { step: 'rollback', serving: 1, outcome: 'ConflictException' },
  { step: 'promote 2', serving: 2, outcome: 'ok' },
  { step: 'promote 2', serving: 2, outcome: 'ok' },
  { step: 'rollback', serving: 1, outcome: 'ok' },
  { step: 'promote 3', serving: 3, outcome: 'ok' },
  { step: 'promote 2', serving: 2, outcome: 'ok' },
  { step: 'rollback', serving: 3, outcome: 'ok' },
  { step: 'rollback', serving: 1, outcome: 'ok' },
  { step: 'rollback', serving: 1, outcome: 'ConflictException' },
];

/** The serving history SERVING_SEQUENCE leaves: one period per promotion or rollback that changed what serves. */
export const SERVING_PERIODS: readonly { version: number; by: string }[] = [
  { version: 1, by: 'promote 1' },
  { version: 2, by: 'promote 2' },
  { version: 1, by: 'rollback' },
  { version: 3, by: 'promote 3' },
  { version: 2, by: 'promote 2' },
  { version: 3, by: 'rollback' },
  { version: 1, by: 'rollback' },
];

/** The history lines SERVING_SEQUENCE adds after the three registrations: [action, version, the step's reason]. */
export const SEQUENCE_HISTORY: readonly [string, number, string][] = [
  ['promoted', 1, 'promote 1'],
  ['demoted', 1, 'promote 2'],
  ['promoted', 2, 'promote 2'],
  ['rolled-back', 2, 'rollback'],
  ['promoted', 1, 'rollback'],
  ['demoted', 1, 'promote 3'],
  ['promoted', 3, 'promote 3'],
  ['demoted', 3, 'promote 2'],
  ['promoted', 2, 'promote 2'],
  ['rolled-back', 2, 'rollback'],
  ['promoted', 3, 'rollback'],
  ['rolled-back', 3, 'rollback'],
  ['promoted', 1, 'rollback'],
];
