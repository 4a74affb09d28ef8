import { PipelineError, type StepName } from '../pipeline-runner';

/** A step of a definition as a status view needs it: its name and type. */
export interface DefinitionStep {
  name: StepName;
  type: string;
}

/**
 * Every step of a definition (JSON text or parsed), conditional branches included, in definition
 * order: what `StepNames` lists and what names a listed step's type. Any step type SageMaker knows
 * is listed (this reads, it does not run).
 */
export function definitionSteps(definition: string | object): DefinitionStep[] {
  let json: unknown = definition;
  if (typeof definition === 'string') {
    try {
      json = JSON.parse(definition);
    } catch (error) {
      throw new PipelineError('ValidationException', `the definition is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(json) || !Array.isArray(json['Steps'])) throw new PipelineError('ValidationException', 'the definition has no Steps array');
  const out: DefinitionStep[] = [];
  const add = (raw: unknown): void => {
    if (!isObject(raw) || typeof raw['Name'] !== 'string') return;
    out.push({ name: raw['Name'], type: String(raw['Type']) });
    const args = raw['Arguments'];
    if (raw['Type'] === 'Condition' && isObject(args))
      for (const branch of [args['IfSteps'], args['ElseSteps']]) for (const child of Array.isArray(branch) ? branch : []) add(child);
  };
  for (const raw of json['Steps'] as unknown[]) add(raw);
  return out;
}

/** The definition's parameter names, for refusing an override SageMaker would refuse. */
export function definitionParameterNames(definition: string | object): string[] {
  const json = (typeof definition === 'string' ? JSON.parse(definition) : definition) as { Parameters?: { Name?: unknown }[] };
  return (json.Parameters ?? []).map((p) => String(p.Name));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
