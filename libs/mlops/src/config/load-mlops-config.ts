import * as fs from 'node:fs';
import * as path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_MLOPS_CONFIG, MlopsConfig } from './mlops-config';
import { MlopsConfigError } from './mlops-config-error';

/** The file name looked for in the data directory when TRIAGE_MLOPS_CONFIG is not set. */
export const MLOPS_CONFIG_FILE = 'mlops.json';

/** Where {@link loadMlopsConfig} reads from. */
export interface LoadMlopsConfigOptions {
  /** The JSON file to read (wins over the environment). */
  file?: string;
  /** TRIAGE_MLOPS_CONFIG (a file) and TRIAGE_DATA_DIR (`<dataDir>/mlops.json` when present); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The data directory when the environment does not say (the API passes its own). */
  dataDir?: string;
}

/** The loaded config and the file it came from (absent: defaults only). */
export interface LoadedMlopsConfig {
  config: MlopsConfig;
  file?: string;
}

/**
 * The defaults, overridden by the JSON file (`file`, else TRIAGE_MLOPS_CONFIG, else `<dataDir>/mlops.json` when it exists):
 * a partial document, merged per object; unknown keys and bad values throw {@link MlopsConfigError} naming file and path.
 */
export function loadMlopsConfig(options: LoadMlopsConfigOptions = {}): LoadedMlopsConfig {
  const env = options.env ?? process.env;
  const file = configFile(options, env);
  if (file === undefined) return { config: structuredClone(DEFAULT_MLOPS_CONFIG) };
  return { config: parseMlopsConfig(readJson(file), file), file };
}

/** Merges a parsed override document over the defaults and validates the result; `source` names it in errors. */
export function parseMlopsConfig(document: unknown, source: string): MlopsConfig {
  if (!isObject(document)) throw new MlopsConfigError(source, '', 'must be a JSON object');
  const merged = merge(DEFAULT_MLOPS_CONFIG, document);
  const first = Value.Errors(MlopsConfig, merged).First();
  if (first) throw new MlopsConfigError(source, first.path, reasonOf(first.message, first.value));
  return merged as MlopsConfig;
}

function configFile(options: LoadMlopsConfigOptions, env: NodeJS.ProcessEnv): string | undefined {
  if (options.file !== undefined) return path.resolve(options.file);
  const named = env['TRIAGE_MLOPS_CONFIG']?.trim();
  if (named) return path.resolve(named);
  const dataDir = options.dataDir ?? env['TRIAGE_DATA_DIR']?.trim();
  if (!dataDir) return undefined;
  const inData = path.resolve(dataDir, MLOPS_CONFIG_FILE);
  return fs.existsSync(inData) ? inData : undefined;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new MlopsConfigError(file, '', `cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MlopsConfigError(file, '', `is not JSON: ${(error as Error).message}`);
  }
}

/** Objects merge key by key (so `{ "trigger": { "minNewLabels": 300 } }` keeps the other trigger fields); anything else replaces. */
function merge(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? merge(base[key], value) : value;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reasonOf(message: string, value: unknown): string {
  return value === undefined ? message : `${message} (found ${JSON.stringify(value)})`;
}
