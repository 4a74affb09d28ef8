import { EXECUTION_VARIABLE_NAMES } from '../definition/expressions';
import type { PipelineDefinition } from '../definition/pipeline';
import { PIPELINE_DEFINITION_VERSION, type PipelineDefinitionJson, type StepJson } from '../definition/pipeline-definition-json';

/** SageMaker's pattern for step and parameter names. */
const NAME_PATTERN = /^[A-Za-z0-9\-_]{1,64}$/;

/** A definition SageMaker would refuse (or run wrongly): every problem found, one per line. */
export class PipelineDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid pipeline definition:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'PipelineDefinitionError';
  }
}

/**
 * The SageMaker pipeline definition JSON of a definition (CreatePipeline's PipelineDefinition), after checking
 * what SageMaker checks at CreatePipeline: unique names, and every reference to a declared parameter, a known
 * execution variable or a step. Deterministic: the same definition gives byte-identical JSON.
 */
export function compilePipeline(definition: PipelineDefinition): PipelineDefinitionJson {
  const json: PipelineDefinitionJson = {
    Version: PIPELINE_DEFINITION_VERSION,
    Metadata: { ...(definition.metadata ?? {}) },
    Parameters: definition.parameters.map((p) => p.toJson()),
    ...(definition.experimentConfig ? { PipelineExperimentConfig: structuredClone(definition.experimentConfig) } : {}),
    Steps: definition.steps.map((s) => s.toJson()),
  };
  const problems = checkReferences(json);
  if (problems.length) throw new PipelineDefinitionError(problems);
  return json;
}

/** The JSON text of a compiled definition (two-space indented, newline-terminated). */
export function serializePipelineDefinition(json: PipelineDefinitionJson): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Every step of the definition, branches of condition steps included, depth first in definition order. */
export function allSteps(steps: readonly StepJson[]): StepJson[] {
  return steps.flatMap((step) =>
    step.Type === 'Condition' ? [step, ...allSteps([...step.Arguments.IfSteps, ...step.Arguments.ElseSteps])] : [step],
  );
}

function checkReferences(json: PipelineDefinitionJson): string[] {
  const problems: string[] = [];
  const parameterNames = new Set<string>();
  for (const parameter of json.Parameters) {
    if (!NAME_PATTERN.test(parameter.Name))
      problems.push(`parameter name ${JSON.stringify(parameter.Name)} does not match ${NAME_PATTERN.source}`);
    if (parameterNames.has(parameter.Name)) problems.push(`parameter ${parameter.Name} is declared twice`);
    parameterNames.add(parameter.Name);
  }
  const steps = allSteps(json.Steps);
  const stepNames = new Set<string>();
  for (const step of steps) {
    if (!NAME_PATTERN.test(step.Name)) problems.push(`step name ${JSON.stringify(step.Name)} does not match ${NAME_PATTERN.source}`);
    if (stepNames.has(step.Name)) problems.push(`step ${step.Name} is defined twice`);
    stepNames.add(step.Name);
  }
  for (const step of steps) {
    for (const name of step.DependsOn ?? []) {
      if (!stepNames.has(name)) problems.push(`step ${step.Name} depends on ${name}, which is no step`);
      if (name === step.Name) problems.push(`step ${step.Name} depends on itself`);
    }
    const own = step.Type === 'Condition' ? { ...step, Arguments: { ...step.Arguments, IfSteps: [], ElseSteps: [] } } : step;
    for (const path of getPaths(own)) {
      const [namespace, name] = path.split('.');
      if (namespace === 'Parameters' && !parameterNames.has(name ?? ''))
        problems.push(`step ${step.Name} reads ${path}: no such parameter`);
      else if (namespace === 'Execution' && !EXECUTION_VARIABLE_NAMES.includes(name ?? ''))
        problems.push(`step ${step.Name} reads ${path}: no such execution variable`);
      else if (namespace === 'Steps' && !stepNames.has(name ?? '')) problems.push(`step ${step.Name} reads ${path}: no such step`);
      else if (namespace === 'Steps' && name === step.Name) problems.push(`step ${step.Name} reads its own property ${path}`);
      else if (namespace !== 'Parameters' && namespace !== 'Execution' && namespace !== 'Steps')
        problems.push(`step ${step.Name} reads ${path}: unknown namespace`);
    }
  }
  return problems;
}

/** Every `Get` path in a JSON value. */
function getPaths(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(getPaths);
  if (typeof value !== 'object' || value === null) return [];
  const get = (value as { Get?: unknown }).Get;
  if (typeof get === 'string') return [get];
  return Object.values(value).flatMap(getPaths);
}
