// Writes tools/test-data/generated/: encodings the corpus lacks (JPEG-LS, 16-bit lossless JPEG,
// 12-bit extended JPEG at several qualities and samplings), made once with dcmtk's encoders and
// committed. Not reproducible byte for byte (lossy encoding assigns new UIDs), so it is run by hand
// when a file is added, and make-frame-references.mjs then records the reference decodes.
//   node tools/test-data/scripts/make-generated.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from './reference-decoder.mjs';
import { GENERATED } from './generated-list.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'generated');
fs.mkdirSync(out, { recursive: true });
for (const g of GENERATED) {
  const target = path.join(out, g.name);
  runTool(g.tool, [...g.args, path.join(root, 'corpus', g.from), target]);
  console.log(`${g.name}: ${fs.statSync(target).size} bytes`);
}
