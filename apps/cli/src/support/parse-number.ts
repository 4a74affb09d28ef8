import { CliError } from './cli-error';

/** Parses a positive integer option, refusing anything else with a usage error (exit code 2). */
export function positiveInt(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new CliError(`${flag}: '${value}' is not a positive integer`, 2);
  if (n > max) throw new CliError(`${flag}: ${n} is above the limit of ${max}`, 2);
  return n;
}
