import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTIONS, PERMISSIONS, ROLES, mayPerform, permissionsMarkdown } from './roles';

/** Markdown with its tables' padding taken out (prettier aligns the columns of the READMEs' copies). */
function unpadded(markdown: string): string {
  const cell = (c: string) =>
    c
      .trim()
      .replace(/^:-+:$/, ':-:')
      .replace(/^-+$/, '---');
  return markdown
    .split('\n')
    .map((line) => (line.startsWith('|') ? line.split('|').map(cell).join('|') : line))
    .join('\n');
}

describe('the role table', () => {
  it('keeps a data scientist away from identified PHI and an auditor away from changes', () => {
    expect(mayPerform('data-scientist', 'dicomweb.read')).toBe(false);
    expect(mayPerform('data-scientist', 'healthimaging.read')).toBe(false);
    expect(mayPerform('data-scientist', 'training-export.read')).toBe(true);
    for (const change of ['dicomweb.store', 'healthimaging.write', 'tokens.manage']) expect(mayPerform('auditor', change)).toBe(false);
    expect(mayPerform('auditor', 'audit.read')).toBe(true);
    expect(mayPerform('clinician', 'tokens.manage')).toBe(false);
    expect(mayPerform('clinician', 'audit.read')).toBe(false);
    expect(mayPerform('clinician', 'dicomweb.store')).toBe(true);
    for (const action of ACTIONS) expect(mayPerform('admin', action)).toBe(true);
  });

  it('refuses unknown roles and actions', () => {
    expect(mayPerform('root', 'dicomweb.read')).toBe(false);
    expect(mayPerform('admin', 'dicomweb.delete')).toBe(false);
    expect(mayPerform('admin', 'toString')).toBe(false);
  });

  it('names only known roles', () => {
    for (const action of ACTIONS) for (const role of PERMISSIONS[action].roles) expect(ROLES).toContain(role);
  });

  it.each([
    ['libs/platform/README.md', path.join(__dirname, '..', '..', 'README.md')],
    ['README.md', path.join(__dirname, '..', '..', '..', '..', 'README.md')],
  ])('is copied into %s word for word', (_name, file) => {
    expect(unpadded(fs.readFileSync(file, 'utf8'))).toContain(unpadded(permissionsMarkdown()));
  });
});
