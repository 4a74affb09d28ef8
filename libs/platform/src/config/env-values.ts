import { ConfigError } from './config-error';

/** The trimmed value of `name`; undefined when unset or blank (a shell's `VAR=` means unset). */
export function optionalEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A whole number from `name` between `min` and `max`, or `fallback` when unset; throws {@link ConfigError} otherwise. */
export function integerEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optionalEnv(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is not between ${min} and ${max}`);
  return value;
}
