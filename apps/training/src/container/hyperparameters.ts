import * as fs from 'node:fs';
import { TRAINING_PATHS, mlPath } from './ml-paths';

/** SageMaker passes every hyperparameter as a string (hyperparameters.json); these read them typed, with the name in every error. */
export class Hyperparameters {
  constructor(private readonly values: Readonly<Record<string, string>>) {}

  /** Reads /opt/ml/input/config/hyperparameters.json (absent: none given). */
  static read(file = mlPath(TRAINING_PATHS.hyperparameters)): Hyperparameters {
    if (!fs.existsSync(file)) return new Hyperparameters({});
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return new Hyperparameters(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)])));
  }

  string(name: string, fallback?: string): string {
    const value = this.values[name] ?? fallback;
    if (value === undefined) throw new Error(`hyperparameter ${name} is required`);
    return value;
  }

  number(name: string, fallback?: number): number {
    const raw = this.values[name];
    if (raw === undefined) {
      if (fallback === undefined) throw new Error(`hyperparameter ${name} is required`);
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`hyperparameter ${name} is ${JSON.stringify(raw)}, not a number`);
    return value;
  }

  integer(name: string, fallback?: number): number {
    const value = this.number(name, fallback);
    if (!Number.isInteger(value)) throw new Error(`hyperparameter ${name} is ${value}, not an integer`);
    return value;
  }

  boolean(name: string, fallback?: boolean): boolean {
    const raw = this.values[name];
    if (raw === undefined) {
      if (fallback === undefined) throw new Error(`hyperparameter ${name} is required`);
      return fallback;
    }
    if (raw !== 'true' && raw !== 'false') throw new Error(`hyperparameter ${name} is ${JSON.stringify(raw)}, not true or false`);
    return raw === 'true';
  }

  /** Every value as given (for the lineage record). */
  all(): Readonly<Record<string, string>> {
    return this.values;
  }
}
