import type { Mutant } from '../mutate/mutant';

/** The three ways into the server. */
export type Door = 'stow' | 'cstore' | 'import';
export const DOORS: readonly Door[] = ['stow', 'cstore', 'import'];

/** Where an acknowledged instance lives, as far as the answer said (the SOP Instance UID at least). */
export interface InstanceRef {
  sop: string;
  study?: string;
  series?: string;
  /** Study and series as the sent bytes state them: where to look when the answer did not say and QIDO-RS does not find it. */
  hint?: { study?: string; series?: string };
}

/**
 * What one door did with one mutant. `server-error`: a 5xx, a C-STORE processing failure (0x01xx)
 * or an import failure of the server's own (InternalServerException); `not-sent`: the client could
 * not send it (storescu cannot read it), which says nothing about the server.
 */
export type DoorOutcome =
  | { kind: 'acked'; instance: InstanceRef }
  | { kind: 'refused'; reason: string }
  | { kind: 'server-error'; detail: string }
  | { kind: 'hang'; detail: string }
  | { kind: 'not-sent'; detail: string };

/** A mutant with what happened to it at its door. */
export interface Sent {
  mutant: Mutant;
  door: Door;
  outcome: DoorOutcome;
}

/** Limits every door keeps to. */
export interface DoorLimits {
  /** Per request (a STOW-RS batch, a C-STORE of one file, one poll of an import job), in ms. */
  deadlineMs: number;
  /** C-STORE with our own SCU (default: the bytes as they are) or dcmtk's storescu (reads and re-encodes each file). */
  cstoreClient?: 'raw' | 'storescu';
}
