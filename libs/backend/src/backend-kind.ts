import { BACKEND_KINDS, type BackendKind } from './backend';

/** Refused backend settings: names the variable and what was wrong, so a misconfigured function fails its first invocation visibly. */
export class BackendConfigError extends Error {
  override readonly name = 'BackendConfigError';
}

/** `TRIAGE_BACKEND` (default `local`). */
export function backendKind(env: NodeJS.ProcessEnv = process.env): BackendKind {
  const value = env['TRIAGE_BACKEND'] ?? 'local';
  if (!(BACKEND_KINDS as readonly string[]).includes(value))
    throw new BackendConfigError(`TRIAGE_BACKEND=${JSON.stringify(value)}: expected one of ${BACKEND_KINDS.join(', ')}`);
  return value as BackendKind;
}
