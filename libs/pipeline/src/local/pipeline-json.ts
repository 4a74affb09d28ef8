import type { ParameterJson, PropertyFileJson, RetryPolicyJson } from '../definition/pipeline-definition-json';
import { PipelineError, type StepName, type StepType } from '../pipeline-runner';

// The runner reads the definition loosely (arguments as plain JSON whose expressions it resolves):
// the compiler's types (definition/) describe what it writes; the runner takes any definition
// SageMaker would, and refuses what it cannot run with a ValidationException.

/** A step as the runner reads it: its arguments still hold expressions. */
export interface RunnableStep {
  Name: StepName;
  Type: StepType;
  Arguments: Record<string, unknown>;
  DependsOn?: string[];
  CacheConfig?: { Enabled: boolean; ExpireAfter?: string };
  RetryPolicies?: RetryPolicyJson[];
  PropertyFiles?: PropertyFileJson[];
  DisplayName?: string;
  Description?: string;
}

/** A step of the flattened graph: where it sits and what must succeed before it runs. */
export interface PlannedStep {
  step: RunnableStep;
  /** Steps that must have succeeded (DependsOn, data references, the enclosing condition). */
  dependsOn: StepName[];
  /** Set for a step inside a condition's IfSteps or ElseSteps: it runs only when that branch is taken. */
  branch?: { condition: StepName; outcome: 'True' | 'False' };
}

/** A parsed definition: parameters and every step, conditional ones included, in definition order. */
export interface PipelinePlan {
  parameters: ParameterJson[];
  steps: PlannedStep[];
  byName: Map<StepName, PlannedStep>;
}

const STEP_TYPES = new Set<StepType>(['Processing', 'Training', 'Condition', 'RegisterModel', 'Fail']);

/** Parses and checks a definition: known step types, unique names, references to steps that exist, no cycles. */
export function planPipeline(definition: string | object): PipelinePlan {
  let json: unknown = definition;
  if (typeof definition === 'string') {
    try {
      json = JSON.parse(definition);
    } catch (error) {
      throw invalid(`the definition is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(json) || !Array.isArray(json['Steps'])) throw invalid('the definition has no Steps array');
  if (json['Version'] !== '2020-12-01') throw invalid(`Version ${JSON.stringify(json['Version'])} is not 2020-12-01`);
  const parameters = (Array.isArray(json['Parameters']) ? json['Parameters'] : []) as ParameterJson[];
  const steps: PlannedStep[] = [];
  const byName = new Map<StepName, PlannedStep>();

  const add = (raw: unknown, branch: PlannedStep['branch']): void => {
    if (!isObject(raw) || typeof raw['Name'] !== 'string') throw invalid('a step without a Name');
    const step = raw as unknown as RunnableStep;
    if (!STEP_TYPES.has(step.Type)) throw invalid(`step ${step.Name}: type ${JSON.stringify(step.Type)} cannot run locally`);
    if (byName.has(step.Name)) throw invalid(`two steps are named ${step.Name}`);
    const planned: PlannedStep = { step: { ...step, Arguments: isObject(step.Arguments) ? step.Arguments : {} }, dependsOn: [], branch };
    steps.push(planned);
    byName.set(step.Name, planned);
    if (step.Type === 'Condition') {
      for (const [key, outcome] of [
        ['IfSteps', 'True'],
        ['ElseSteps', 'False'],
      ] as const) {
        const nested = planned.step.Arguments[key];
        for (const child of Array.isArray(nested) ? nested : []) {
          // A branch may name a top-level step instead of holding it.
          if (typeof child !== 'string') add(child, { condition: step.Name, outcome });
        }
      }
    }
  };
  for (const raw of json['Steps'] as unknown[]) add(raw, undefined);

  // Branches that name top-level steps gate those steps.
  for (const planned of steps) {
    if (planned.step.Type !== 'Condition') continue;
    for (const [key, outcome] of [
      ['IfSteps', 'True'],
      ['ElseSteps', 'False'],
    ] as const) {
      const nested = planned.step.Arguments[key];
      for (const child of Array.isArray(nested) ? nested : []) {
        if (typeof child !== 'string') continue;
        const target = byName.get(child);
        if (!target) throw invalid(`condition ${planned.step.Name} names an unknown step ${child}`);
        target.branch = { condition: planned.step.Name, outcome };
      }
    }
  }

  for (const planned of steps) {
    const deps = new Set<StepName>(planned.step.DependsOn ?? []);
    for (const ref of stepReferences(planned.step.Type === 'Condition' ? conditionOnly(planned.step.Arguments) : planned.step.Arguments))
      deps.add(ref);
    if (planned.branch) deps.add(planned.branch.condition);
    deps.delete(planned.step.Name);
    for (const dep of deps) if (!byName.has(dep)) throw invalid(`step ${planned.step.Name} refers to an unknown step ${dep}`);
    planned.dependsOn = [...deps];
  }
  checkAcyclic(steps, byName);
  return { parameters, steps, byName };
}

/** Every step named by a `Get: 'Steps.<name>...'` inside a value. */
export function stepReferences(value: unknown, out = new Set<StepName>()): Set<StepName> {
  if (Array.isArray(value)) for (const item of value) stepReferences(item, out);
  else if (isObject(value)) {
    const get = value['Get'];
    if (typeof get === 'string' && get.startsWith('Steps.')) out.add(get.split('.')[1]);
    for (const item of Object.values(value)) stepReferences(item, out);
  }
  return out;
}

/** A condition's own arguments, without its branches (their references belong to the branch steps). */
function conditionOnly(args: Record<string, unknown>): Record<string, unknown> {
  const { IfSteps: _if, ElseSteps: _else, ...rest } = args;
  return rest;
}

function checkAcyclic(steps: PlannedStep[], byName: Map<StepName, PlannedStep>): void {
  const state = new Map<StepName, 'visiting' | 'done'>();
  const visit = (name: StepName, trail: StepName[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw invalid(`the steps depend on each other in a cycle: ${[...trail, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const dep of byName.get(name)?.dependsOn ?? []) visit(dep, [...trail, name]);
    state.set(name, 'done');
  };
  for (const planned of steps) visit(planned.step.Name, []);
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): PipelineError {
  return new PipelineError('ValidationException', message);
}
