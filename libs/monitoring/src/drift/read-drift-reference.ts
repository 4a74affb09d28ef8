import * as fs from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import type { DriftReference } from './drift-reference';
import { DRIFT_FEATURES } from './drift-reference';
import { DriftReferenceSchema } from './drift-schemas';

/** Reads and checks drift-reference.json; an error names the file and what is wrong. */
export function readDriftReference(file: string): DriftReference {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a drift reference: ${(error as Error).message}`);
  }
  return parseDriftReference(value, file);
}

/**
 * Checks a parsed drift reference: the schema, then what the schema cannot say (finite values,
 * edges strictly increasing, a proportion per bin summing to 1, a sorted sample), since a reference
 * that passes is compared against every window the model scores.
 */
export function parseDriftReference(value: unknown, source = 'drift reference'): DriftReference {
  const error = Value.Errors(DriftReferenceSchema, value).First();
  if (error) throw new Error(`${source}: ${error.path || '/'} ${error.message}`);
  const reference = value as DriftReference;
  for (const feature of DRIFT_FEATURES) {
    const { edges, proportions, sample } = reference.features[feature];
    const at = `${source}: /features/${feature}`;
    if (![...edges, ...sample].every(Number.isFinite)) throw new Error(`${at} holds a value that is not finite`);
    if (edges.some((e, i) => i > 0 && e <= edges[i - 1])) throw new Error(`${at}/edges are not strictly increasing`);
    if (proportions.length !== edges.length + 1)
      throw new Error(`${at}/proportions has ${proportions.length} bins; ${edges.length} edges make ${edges.length + 1}`);
    if (Math.abs(proportions.reduce((a, b) => a + b, 0) - 1) > 1e-9) throw new Error(`${at}/proportions do not sum to 1`);
    if (sample.some((v, i) => i > 0 && v < sample[i - 1])) throw new Error(`${at}/sample is not sorted`);
  }
  return reference;
}
