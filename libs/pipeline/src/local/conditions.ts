import type { Resolved } from './expressions';
import { ExpressionError } from './expressions';

/** Evaluates a Condition step's resolved `Conditions` (all must hold), as SageMaker does: comparisons, In, Not, Or. */
export function evaluateConditions(conditions: Resolved): boolean {
  if (!Array.isArray(conditions)) throw new ExpressionError('Conditions must be a list');
  return conditions.every((condition) => evaluateCondition(condition));
}

function evaluateCondition(condition: Resolved): boolean {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition))
    throw new ExpressionError('a condition must be an object');
  const left = condition['LeftValue'];
  const right = condition['RightValue'];
  switch (condition['Type']) {
    case 'Equals':
      return comparable(left) === comparable(right);
    case 'NotEquals':
      return comparable(left) !== comparable(right);
    case 'GreaterThan':
      return number(left) > number(right);
    case 'GreaterThanOrEqualTo':
      return number(left) >= number(right);
    case 'LessThan':
      return number(left) < number(right);
    case 'LessThanOrEqualTo':
      return number(left) <= number(right);
    case 'In': {
      const values = condition['Values'];
      if (!Array.isArray(values)) throw new ExpressionError('In needs Values');
      return values.some((v) => comparable(v) === comparable(condition['QueryValue']));
    }
    case 'Not':
      return !evaluateCondition(condition['Condition'] ?? condition['Expression']);
    case 'Or': {
      const any = condition['Conditions'];
      if (!Array.isArray(any)) throw new ExpressionError('Or needs Conditions');
      return any.some((c) => evaluateCondition(c));
    }
    default:
      throw new ExpressionError(`condition type ${JSON.stringify(condition['Type'])} is not known`);
  }
}

function number(value: Resolved | undefined): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ExpressionError(`${JSON.stringify(value)} is not a number to compare`);
  return n;
}

function comparable(value: Resolved | undefined): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
