import type {
  ComparisonConditionJson,
  ComparisonTypeJson,
  ConditionJson,
  ConditionStepJson,
  FailStepJson,
  ValueJson,
} from './pipeline-definition-json';
import { commonStepJson, type PipelineStep, type StepCommon } from './step';

/** A comparison condition (`left <type> right`). */
export function compare(type: ComparisonTypeJson, left: ValueJson, right: ValueJson): ComparisonConditionJson {
  return { Type: type, LeftValue: left, RightValue: right };
}

/** Runs `ifSteps` when every condition holds, otherwise `elseSteps`; the branch not taken never runs. */
export class ConditionStep implements PipelineStep {
  constructor(
    readonly name: string,
    private readonly spec: StepCommon & { conditions: ConditionJson[]; ifSteps: PipelineStep[]; elseSteps: PipelineStep[] },
  ) {
    if (spec.conditions.length === 0) throw new Error(`condition step ${name} has no conditions`);
  }

  /** The steps of both branches. */
  get branchSteps(): readonly PipelineStep[] {
    return [...this.spec.ifSteps, ...this.spec.elseSteps];
  }

  toJson(): ConditionStepJson {
    const s = this.spec;
    const args: ConditionStepJson['Arguments'] = {
      Conditions: structuredClone(s.conditions),
      IfSteps: s.ifSteps.map((step) => step.toJson()),
      ElseSteps: s.elseSteps.map((step) => step.toJson()),
    };
    return { ...commonStepJson(this.name, 'Condition', s), Arguments: args } as ConditionStepJson;
  }
}

/** Stops the execution as Failed with a message. */
export class FailStep implements PipelineStep {
  constructor(
    readonly name: string,
    private readonly spec: StepCommon & { errorMessage: ValueJson<string> },
  ) {}

  toJson(): FailStepJson {
    return { ...commonStepJson(this.name, 'Fail', this.spec), Arguments: { ErrorMessage: this.spec.errorMessage } } as FailStepJson;
  }
}
