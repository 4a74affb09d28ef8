import { benchmarks } from './registry/registry';

// `npm run bench -- <name> [options]`: runs one registered benchmark.
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const benchmark = name ? benchmarks[name] : undefined;
  if (!benchmark) {
    const list = Object.values(benchmarks)
      .map((b) => `  ${b.name.padEnd(10)} ${b.description}`)
      .join('\n');
    console.error(`${name ? `unknown benchmark '${name}'` : 'which benchmark?'}\nusage: npm run bench -- <name> [options]\n${list}`);
    return 2;
  }
  await benchmark.run(args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
