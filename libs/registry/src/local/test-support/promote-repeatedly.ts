// Run as a process by local-model-registry.spec.ts: promotes the versions given in turn, as fast as it can.
import { LocalModelRegistry } from '../local-model-registry';

async function main(): Promise<void> {
  const [file, rounds, ...arns] = process.argv.slice(2);
  const registry = await LocalModelRegistry.open({ file });
  try {
    for (let i = 0; i < Number(rounds); i++)
      for (const arn of arns) await registry.promote(arn, { principal: `pid-${process.pid}`, role: 'admin', reason: `round ${i}` });
  } finally {
    await registry.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
