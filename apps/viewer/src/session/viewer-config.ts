import type { Finding } from '@triage/catalog';
import { api } from './session';

/** `GET /api/config`: where DICOMweb is, the configured findings, who is signed in, and whether to stream frames progressively. */
export interface ViewerConfig {
  dicomwebRoot: string;
  findings: Finding[];
  principal: { name: string; role: string };
  /** Draw a low-resolution image from a byte-range prefix of each frame first (absent: true). */
  progressive?: boolean;
}

let loaded: Promise<ViewerConfig> | undefined;

/** The configuration, fetched once per session. */
export function viewerConfig(): Promise<ViewerConfig> {
  loaded ??= api<ViewerConfig>('/api/config').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** Forgets the configuration (a new session may be another principal). */
export function forgetViewerConfig(): void {
  loaded = undefined;
}

/** Roles that may read the audit log (the platform's `audit.read`). */
export const AUDIT_ROLES: readonly string[] = ['auditor', 'admin'];

/** Roles that may write labels (the platform's `labels.write`). */
export const LABEL_WRITER_ROLES: readonly string[] = ['clinician', 'admin'];
