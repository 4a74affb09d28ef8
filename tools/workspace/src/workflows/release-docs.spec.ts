import * as fs from 'node:fs';
import * as path from 'node:path';

// The release documents name the code that provides each safeguard and procedure; this keeps those names true as the
// code moves. A path in backticks resolves from the repository root or, in the constructs' short form
// (`storage/triage-buckets.ts`), from libs/aws-constructs/src.
const root = path.resolve(__dirname, '../../../..');
const DOCS = ['docs/DEPLOYMENT.md', 'docs/COMPLIANCE.md', 'docs/TROUBLESHOOTING.md'];
const BASES = ['', 'libs/aws-constructs/src'];

/** Backticked words that look like repository paths: a folder and a file with an extension, or a folder ending in `/`. */
function namedPaths(text: string): string[] {
  const quoted = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1] ?? '');
  return quoted.filter((word) => /^[\w.@-]+(\/[\w.@-]+)*(\.(ts|mjs|sh|yml|json|md)|\/|Dockerfile)$/.test(word) && word.includes('/'));
}

describe('the release documents', () => {
  it.each(DOCS)('%s names only paths that exist', (doc) => {
    const paths = namedPaths(fs.readFileSync(path.join(root, doc), 'utf8'));
    const missing = paths.filter((p) => !BASES.some((base) => fs.existsSync(path.join(root, base, p))));
    expect(missing).toEqual([]);
  });

  it('map every technical safeguard of 164.312, (a) to (e)', () => {
    const compliance = fs.readFileSync(path.join(root, 'docs/COMPLIANCE.md'), 'utf8');
    const sections = [...compliance.matchAll(/^## (164\.312\([a-e]\))/gm)].map((m) => m[1]);
    expect(sections).toEqual(['164.312(a)', '164.312(b)', '164.312(c)', '164.312(d)', '164.312(e)']);
  });
});
