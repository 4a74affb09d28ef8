// Bundles the viewer into apps/viewer/dist with esbuild: index.html, content-hashed ESM chunks, the
// decode worker, the codecs' WebAssembly. `node build.mjs --watch` rebuilds on change; `--dev` skips minifying.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const assets = join(dist, 'assets');
const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev') && !watch;
const require = createRequire(join(here, 'package.json'));

const loaderDir = dirname(require.resolve('@cornerstonejs/dicom-image-loader'));
const workerEntry = join(loaderDir, 'decodeImageFrameWorker.js');
/** The codecs the decode worker loads; each one's glue asks for its .wasm by this file name under wasmBasePath. */
const wasmFiles = [
  '@cornerstonejs/codec-openjph/wasm',
  '@cornerstonejs/codec-openjpeg/decodewasm',
  '@cornerstonejs/codec-charls/decodewasm',
  '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  '@cornerstonejs/codec-libjxl/decodewasm',
];

/**
 * The codecs' emscripten glue and vtk.js (through xmlbuilder2) import Node builtins on code paths a browser never
 * takes; an empty CommonJS module satisfies any default or named import of them. `events` is left alone on
 * purpose: xmlbuilder2 extends EventEmitter when it loads, so it must resolve to the npm `events` polyfill.
 */
const stubNodeBuiltins = {
  name: 'stub-node-builtins',
  setup(build) {
    const builtins = /^(node:)?(fs|fs\/promises|path|url|module|crypto|os|worker_threads|child_process|perf_hooks|util|stream)$/;
    build.onResolve({ filter: builtins }, (args) => ({ path: args.path, namespace: 'node-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** dicom-image-loader starts its worker as `new URL('./decodeImageFrameWorker.js', import.meta.url)`: point it at the hashed file. */
function workerUrlPlugin(workerFileName) {
  return {
    name: 'decode-worker-url',
    setup(build) {
      build.onLoad({ filter: /dicom-image-loader[\\/]dist[\\/]esm[\\/]init\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes("'./decodeImageFrameWorker.js'"))
          throw new Error(`dicom-image-loader's init.js no longer names its worker as expected`);
        return { contents: source.replace("'./decodeImageFrameWorker.js'", JSON.stringify(`./${workerFileName}`)), loader: 'js' };
      });
    },
  };
}

const common = {
  absWorkingDir: here,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: production,
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  plugins: [stubNodeBuiltins],
};

/** Builds the worker alone (one file, no splitting: a module worker's imports would be fetched one by one). */
async function buildWorker() {
  const result = await esbuild.build({
    ...common,
    entryPoints: { decodeImageFrameWorker: workerEntry },
    outdir: assets,
    entryNames: '[name]-[hash]',
  });
  return basename(outputOf(result.metafile, 'decodeImageFrameWorker'));
}

/** The output file of the entry point called `name` in an esbuild metafile. */
function outputOf(metafile, name) {
  const found = Object.entries(metafile.outputs).find(
    ([file, out]) => out.entryPoint && basename(file).startsWith(`${name}-`) && file.endsWith('.js'),
  );
  if (!found) throw new Error(`esbuild wrote no ${name} entry`);
  return found[0];
}

/** Options of the app build: the entry, code splitting, hashed names, the worker URL rewritten. */
function appOptions(workerFileName) {
  return {
    ...common,
    entryPoints: { main: 'src/main.ts', styles: 'src/styles.css' },
    outdir: assets,
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    plugins: [stubNodeBuiltins, workerUrlPlugin(workerFileName)],
  };
}

/** index.html from the template, pointing at the hashed entry files (no inline script or style: the CSP forbids both). */
async function writeIndex(metafile) {
  const template = await readFile(join(here, 'src/index.html'), 'utf8');
  const href = (file) => `./${relative(dist, join(here, file)).split('\\').join('/')}`;
  const mainJs = outputOf(metafile, 'main');
  const css = Object.keys(metafile.outputs).find((f) => basename(f).startsWith('styles-') && f.endsWith('.css'));
  if (!css) throw new Error('esbuild wrote no stylesheet');
  const html = template.replace('%STYLES%', href(css)).replace('%MAIN%', href(mainJs));
  await writeFile(join(dist, 'index.html'), html);
}

/** The codecs' WebAssembly beside the chunks, under the names their glue asks for. */
async function copyWasm() {
  const names = [];
  for (const spec of wasmFiles) {
    const source = require.resolve(spec);
    await copyFile(source, join(assets, basename(source)));
    names.push(basename(source));
  }
  return names;
}

/** A manifest of what was written, with sizes and digests, for the API's cache headers and for the benchmark's notes. */
async function writeManifest(metafile, wasm) {
  const files = {};
  for (const [file, out] of Object.entries(metafile.outputs)) files[relative(dist, join(here, file))] = out.bytes;
  for (const name of wasm) {
    const bytes = await readFile(join(assets, name));
    files[`assets/${name}`] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  await writeFile(join(dist, 'manifest.json'), `${JSON.stringify({ files }, null, 2)}\n`);
}

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });
const workerFileName = await buildWorker();
const wasm = await copyWasm();
if (watch) {
  const ctx = await esbuild.context({
    ...appOptions(workerFileName),
    plugins: [
      ...appOptions(workerFileName).plugins,
      { name: 'index', setup: (b) => b.onEnd((r) => (r.metafile ? writeIndex(r.metafile) : undefined)) },
    ],
  });
  await ctx.watch();
  console.log('viewer: watching src/ (the decode worker is built once)');
} else {
  const result = await esbuild.build(appOptions(workerFileName));
  await writeIndex(result.metafile);
  await writeManifest(result.metafile, wasm);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(
    `viewer: dist/ written (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB of JS/CSS and maps)`,
  );
}
