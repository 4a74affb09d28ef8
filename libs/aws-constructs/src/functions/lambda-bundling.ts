import * as path from 'node:path';
import { aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import type { TriageFunctionName } from './function-names';

/** The monorepo's root (this file is libs/aws-constructs/{src,dist}/functions/lambda-bundling.*). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * Left out of every bundle: native or optional TensorFlow.js backends (selectBackend requires them by name and falls back)
 * and the AWS SDK v3, which the Node.js 20 runtime provides.
 */
export const LAMBDA_EXTERNALS = [
  '@aws-sdk/*',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'tsx',
  // Only require.resolve'd (to find the .wasm binaries copied beside it); the package's JavaScript is bundled.
  '@tensorflow/tfjs-backend-wasm/package.json',
];

const WASM_PACKAGE = 'node_modules/@tensorflow/tfjs-backend-wasm';

/**
 * better-sqlite3 (native) is not in a function: the local implementations are bundled (the composition root can pick
 * them) but opened only with TRIAGE_BACKEND=local, and a module left external would be required when the bundle loads,
 * failing every cold start. It resolves to a stub that says why when constructed.
 */
export function lambdaAliases(repoRoot = REPO_ROOT): Record<string, string> {
  return { 'better-sqlite3': path.join(repoRoot, 'apps', 'lambdas', 'src', 'runtime', 'no-sqlite.ts') };
}

/** The entry point of a function in apps/lambdas. */
export function lambdaEntry(name: TriageFunctionName, repoRoot = REPO_ROOT): string {
  return path.join(repoRoot, 'apps', 'lambdas', 'src', name, 'handler.ts');
}

/**
 * How a function is bundled: the local esbuild (never Docker), CommonJS for Node.js 20, workspace packages from their
 * sources (`@triage/source`), as `nx run @triage/lambdas:bundle` does. image-ingestion also gets its scoring worker
 * (libs/inference's worker thread, found beside index.js) and tfjs-backend-wasm's .wasm binaries, which the backend reads
 * from `node_modules/@tensorflow/tfjs-backend-wasm/dist` at run time (its JavaScript is in the bundle).
 */
export function lambdaBundling(name: TriageFunctionName, repoRoot = REPO_ROOT): nodejs.BundlingOptions {
  const tsconfig = path.join(repoRoot, 'apps', 'lambdas', 'tsconfig.lib.json');
  return {
    format: nodejs.OutputFormat.CJS,
    target: 'node20',
    sourceMap: true,
    externalModules: LAMBDA_EXTERNALS,
    esbuildArgs: {
      '--conditions': '@triage/source',
      ...Object.fromEntries(Object.entries(lambdaAliases(repoRoot)).map(([from, to]) => [`--alias:${from}`, to])),
    },
    tsconfig,
    forceDockerBundling: false,
    logLevel: nodejs.LogLevel.WARNING,
    commandHooks: name === 'image-ingestion' ? imageIngestionHooks(tsconfig, repoRoot) : undefined,
  };
}

function imageIngestionHooks(tsconfig: string, repoRoot: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => {
      const wasmOut = `${outputDir}/${WASM_PACKAGE}`;
      const externals = [
        ...LAMBDA_EXTERNALS.map((m) => `--external:${m}`),
        ...Object.entries(lambdaAliases(repoRoot)).map(([from, to]) => `--alias:${from}="${to}"`),
      ].join(' ');
      return [
        `"${inputDir}/node_modules/.bin/esbuild" "${inputDir}/libs/inference/src/scoring/scoring-worker.ts" --bundle --platform=node ` +
          `--target=node20 --format=cjs --sourcemap --conditions=@triage/source --tsconfig="${tsconfig}" ${externals} ` +
          `--log-level=warning --outfile="${outputDir}/scoring-worker.js"`,
        `mkdir -p "${wasmOut}/dist"`,
        `cp "${inputDir}/${WASM_PACKAGE}/package.json" "${wasmOut}/package.json"`,
        `cp "${inputDir}/${WASM_PACKAGE}/dist/"*.wasm "${wasmOut}/dist/"`,
      ];
    },
  };
}
