// Run as a process by the CLI's models spec (an app never imports another): the model routes over
// the registry in the data directory given, after registering the versions of the seed file given
// (a JSON array of RegisterModelPackageInput), printing one JSON line with the URL and the tokens.
import * as fs from 'node:fs';
import type { RegisterModelPackageInput } from '@triage/registry';
import { startModelsApp } from './models-app';

async function main(): Promise<void> {
  const [dataDir, seedFile] = process.argv.slice(2);
  const models = await startModelsApp(dataDir);
  const seed = seedFile ? (JSON.parse(fs.readFileSync(seedFile, 'utf8')) as RegisterModelPackageInput[]) : [];
  for (const input of seed) await models.registry.createModelPackage(input);
  process.stdout.write(`${JSON.stringify({ url: models.url, tokens: models.tokens })}\n`);
  const stop = () => void models.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
