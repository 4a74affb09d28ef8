// The API's bundles for its container image (apps/api/Dockerfile runs this from the repository root):
//   node apps/api/src/image/bundle-image.mjs <outdir>
// main.js and the two worker scripts the pools start, beside it where they look first (apps/api/src/app/
// codec-worker-path.ts, libs/inference/src/scoring/start-scoring-worker.ts). @triage/* packages are bundled from
// their sources (the @triage/source condition), so the image needs no lib's dist.
import { build } from 'esbuild';

const outdir = process.argv[2];
if (!outdir) {
  process.stderr.write('usage: node apps/api/src/image/bundle-image.mjs <outdir>\n');
  process.exit(2);
}

/**
 * Packages that read their own files at run time (a native addon, WebAssembly found with require.resolve, static
 * files beside their modules): they stay in node_modules. Everything else is bundled, each import resolved from
 * the file that makes it, so a lib's own nested version (libs/pipeline's ajv 8) is the one bundled.
 */
const EXTERNAL = ['better-sqlite3', '@cornerstonejs/*', '@tensorflow/*', '@fastify/swagger-ui'];

await build({
  entryPoints: {
    main: 'apps/api/src/main.ts',
    'codec-worker': 'libs/codec/src/pool/codec-worker.ts',
    'scoring-worker': 'libs/inference/src/scoring/scoring-worker.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  conditions: ['@triage/source'],
  external: EXTERNAL,
  sourcemap: true,
  logLevel: 'warning',
});
