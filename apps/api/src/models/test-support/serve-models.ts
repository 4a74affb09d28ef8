// Run as a process by the CLI's models spec (an app never imports another): the model routes over
// the registry in the data directory given, printing one JSON line with the URL and the tokens.
import { startModelsApp } from './models-app';

async function main(): Promise<void> {
  const models = await startModelsApp(process.argv[2]);
  process.stdout.write(`${JSON.stringify({ url: models.url, tokens: models.tokens })}\n`);
  const stop = () => void models.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
