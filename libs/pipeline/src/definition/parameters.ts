import { get, join } from './expressions';
import type { GetExpression, JoinExpression, ParameterJson, ParameterTypeJson } from './pipeline-definition-json';

type DefaultOf<T extends ParameterTypeJson> = T extends 'String' ? string : T extends 'Boolean' ? boolean : number;

/** A pipeline parameter: its declaration in `Parameters` and the expression that reads it. */
export class ParameterDefinition<T extends ParameterTypeJson = ParameterTypeJson> {
  constructor(
    readonly type: T,
    readonly name: string,
    readonly defaultValue?: DefaultOf<T>,
  ) {}

  /** `{ Get: 'Parameters.<Name>' }`. */
  get ref(): GetExpression {
    return get(`Parameters.${this.name}`);
  }

  /** The value as a string, as the SageMaker SDK writes a typed parameter where a string is required (hyperparameters). */
  asString(): GetExpression | JoinExpression {
    return this.type === 'String' ? this.ref : join('', [this.ref]);
  }

  /** The declaration in the definition's `Parameters`. */
  toJson(): ParameterJson {
    const json = { Name: this.name, Type: this.type } as ParameterJson;
    if (this.defaultValue !== undefined) (json as { DefaultValue?: unknown }).DefaultValue = this.defaultValue;
    return json;
  }
}

/** A `String` parameter. */
export function stringParameter(name: string, defaultValue?: string): ParameterDefinition<'String'> {
  return new ParameterDefinition('String', name, defaultValue);
}

/** An `Integer` parameter (the default must be an integer). */
export function integerParameter(name: string, defaultValue?: number): ParameterDefinition<'Integer'> {
  if (defaultValue !== undefined && !Number.isInteger(defaultValue))
    throw new Error(`parameter ${name}: default ${defaultValue} is not an integer`);
  return new ParameterDefinition('Integer', name, defaultValue);
}

/** A `Float` parameter. */
export function floatParameter(name: string, defaultValue?: number): ParameterDefinition<'Float'> {
  if (defaultValue !== undefined && !Number.isFinite(defaultValue))
    throw new Error(`parameter ${name}: default ${defaultValue} is not a finite number`);
  return new ParameterDefinition('Float', name, defaultValue);
}

/** A `Boolean` parameter. */
export function booleanParameter(name: string, defaultValue?: boolean): ParameterDefinition<'Boolean'> {
  return new ParameterDefinition('Boolean', name, defaultValue);
}
