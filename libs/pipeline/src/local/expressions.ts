import { isObject } from './pipeline-json';

/** A resolved value: what a SageMaker job receives once every expression in its arguments is evaluated. */
export type Resolved = string | number | boolean | null | Resolved[] | { [key: string]: Resolved };

/** What expressions are evaluated against. */
export interface ResolveContext {
  /** Every parameter, overrides applied to the defaults. */
  parameters: Record<string, string | number | boolean>;
  /** SageMaker's execution variables (`Execution.PipelineExecutionId`, ...). */
  execution: Record<string, string>;
  /** A succeeded step's properties (`ProcessingOutputConfig`, `ModelArtifacts`, ...); undefined when it has none (yet). */
  stepProperties(step: string): Record<string, unknown> | undefined;
  /** The S3 URI of a step's property file (its output's S3Uri + FilePath). */
  propertyFileUri(step: string, propertyFile: string): string;
  /** An object's JSON (the local S3). */
  readJson(uri: string): Promise<unknown>;
}

/** Thrown when an expression cannot be evaluated: the step fails with this message. */
export class ExpressionError extends Error {}

/** Evaluates `Get`, `Std:Join` and `Std:JsonGet` everywhere in a value, as SageMaker does before it starts a step. */
export async function resolveValue(value: unknown, context: ResolveContext): Promise<Resolved> {
  if (Array.isArray(value)) {
    const out: Resolved[] = [];
    for (const item of value) out.push(await resolveValue(item, context));
    return out;
  }
  if (!isObject(value)) return (value ?? null) as Resolved;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Get' && typeof value['Get'] === 'string') return resolveGet(value['Get'], context);
  if (keys.length === 1 && keys[0] === 'Std:Join') {
    const join = value['Std:Join'] as { On?: unknown; Values?: unknown };
    if (!Array.isArray(join.Values)) throw new ExpressionError('Std:Join needs Values');
    const values = await resolveValue(join.Values, context);
    return (values as Resolved[])
      .map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)))
      .join(String(join.On ?? ''));
  }
  if (keys.length === 1 && keys[0] === 'Std:JsonGet') return resolveJsonGet(value['Std:JsonGet'], context);
  const out: Record<string, Resolved> = {};
  for (const key of keys) out[key] = await resolveValue(value[key], context);
  return out;
}

async function resolveJsonGet(raw: unknown, context: ResolveContext): Promise<Resolved> {
  if (!isObject(raw) || typeof raw['Path'] !== 'string') throw new ExpressionError('Std:JsonGet needs a Path');
  let uri: string;
  const file = raw['PropertyFile'];
  if (isObject(file) && typeof file['Get'] === 'string') {
    const match = /^Steps\.([^.]+)\.PropertyFiles\.(.+)$/.exec(file['Get']);
    if (!match) throw new ExpressionError(`Std:JsonGet: ${file['Get']} is not a step's property file`);
    uri = context.propertyFileUri(match[1], match[2]);
  } else if (raw['S3Uri'] !== undefined) {
    uri = String(await resolveValue(raw['S3Uri'], context));
  } else throw new ExpressionError('Std:JsonGet needs a PropertyFile or an S3Uri');
  let json: unknown;
  try {
    json = await context.readJson(uri);
  } catch (error) {
    throw new ExpressionError(`Std:JsonGet: cannot read ${uri}: ${(error as Error).message}`);
  }
  const found = walk(json, raw['Path']);
  if (found === undefined) throw new ExpressionError(`Std:JsonGet: ${uri} has no ${raw['Path']}`);
  return found as Resolved;
}

function resolveGet(get: string, context: ResolveContext): Resolved {
  const [root, ...rest] = get.split('.');
  if (root === 'Parameters') {
    const name = rest.join('.');
    if (!(name in context.parameters)) throw new ExpressionError(`${get}: no such parameter`);
    return context.parameters[name];
  }
  if (root === 'Execution') {
    const name = rest.join('.');
    if (!(name in context.execution)) throw new ExpressionError(`${get}: no such execution variable`);
    return context.execution[name];
  }
  if (root === 'Steps') {
    const [step, ...property] = rest;
    const properties = context.stepProperties(step);
    if (!properties) throw new ExpressionError(`${get}: step ${step} has not succeeded`);
    const found = walk(properties, property.join('.'));
    if (found === undefined) throw new ExpressionError(`${get}: step ${step} has no such property`);
    return found as Resolved;
  }
  throw new ExpressionError(`${get}: unknown root ${root}`);
}

/** Follows `a.b['c'][0].d` into a JSON value (a name indexes a map; a number a list, or a map's values in order). */
export function walk(value: unknown, path: string): unknown {
  let current = value;
  for (const match of path.matchAll(/([^.[\]]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/g)) {
    const key = match[1] ?? match[2] ?? match[3];
    if (current === null || typeof current !== 'object') return undefined;
    if (key !== undefined) current = (current as Record<string, unknown>)[key];
    else {
      const index = Number(match[4]);
      current = Array.isArray(current) ? current[index] : Object.values(current)[index];
    }
  }
  return current;
}
