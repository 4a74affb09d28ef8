import { Hyperparameters } from '../container/hyperparameters';

/** One parameter a processing step accepts: `--<name> value` in its ContainerArguments, or the env variable. */
export interface StepParameter {
  name: string;
  env: string;
  /** What it is, for the usage error. */
  description: string;
}

/**
 * A processing step's parameters: ContainerArguments (`--image-size 96`) over environment
 * variables (`TRIAGE_IMAGE_SIZE=96`), read typed through {@link Hyperparameters}. An argument the
 * step does not know is an error naming every one it does, so a typo in a pipeline definition
 * fails the step instead of silently taking a default.
 */
export function readStepArguments(
  parameters: readonly StepParameter[],
  argv: readonly string[] = process.argv.slice(3),
  env: NodeJS.ProcessEnv = process.env,
): Hyperparameters {
  const values: Record<string, string> = {};
  for (const p of parameters) {
    const value = env[p.env];
    if (value !== undefined && value !== '') values[p.name] = value;
  }
  const known = new Set(parameters.map((p) => p.name));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    if (!match || !name || !known.has(name))
      throw new Error(
        `unknown argument ${JSON.stringify(arg)}; accepted: ${parameters.map((p) => `--${p.name} (${p.description})`).join(', ')}`,
      );
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`argument --${name} needs a value`);
    values[name] = value;
  }
  return new Hyperparameters(values);
}
