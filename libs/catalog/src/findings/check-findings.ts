import { CatalogError } from '../catalog-error';
import type { Finding } from '../catalog';

const IDENTIFIER = /^[a-z][a-z0-9_-]{0,63}$/;

/** The configured findings list, checked: at least two, unique, lower-case identifiers (they travel in events and URLs of the viewer's state). */
export function checkFindings(findings: readonly string[]): readonly Finding[] {
  if (findings.length < 2)
    throw new CatalogError('ValidationException', `findings must list at least 2 findings, got ${JSON.stringify(findings)}`);
  const bad = findings.filter((f) => !IDENTIFIER.test(f));
  if (bad.length > 0)
    throw new CatalogError('ValidationException', `findings must be lower-case identifiers (a-z, 0-9, _ or -): ${JSON.stringify(bad)}`);
  const repeated = findings.filter((f, i) => findings.indexOf(f) !== i);
  if (repeated.length > 0) throw new CatalogError('ValidationException', `findings must be unique: ${JSON.stringify(repeated)} repeated`);
  return Object.freeze([...findings]);
}

/** Refuses a finding that is not configured, naming the finding and the list. */
export function checkFinding(findings: readonly Finding[], finding: string, what = 'finding'): Finding {
  if (!findings.includes(finding))
    throw new CatalogError(
      'ValidationException',
      `${what} ${JSON.stringify(finding)} is not one of the configured findings (${findings.join(', ')})`,
    );
  return finding;
}
