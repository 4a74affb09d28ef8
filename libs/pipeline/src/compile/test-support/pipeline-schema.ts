import Ajv, { type ErrorObject } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PipelineDefinitionJson } from '../../definition/pipeline-definition-json';

/** AWS's published schema, vendored unmodified (libs/pipeline/schema/README.md names the commit). */
export const PUBLISHED_SCHEMA_FILE = path.join(__dirname, '..', '..', '..', 'schema', 'pipeline-definition.schema.json');

type Schema = Record<string, unknown>;
type Definitions = Record<string, Schema>;

/** A definition of the schema (throws when the published schema has none by that name). */
function def(defs: Definitions, name: string): Schema {
  const found = defs[name];
  if (!found) throw new Error(`the published schema has no definition ${name}`);
  return found;
}

/** The published schema as parsed from its file. */
export function publishedSchema(): Schema {
  return JSON.parse(fs.readFileSync(PUBLISHED_SCHEMA_FILE, 'utf8')) as Schema;
}

/**
 * What SageMaker accepts, and the SDK emits, that the published schema (2022) lacks, each added to an in-memory copy;
 * the file stays as published. The README lists each with its source.
 */
export const SAGEMAKER_ADDITIONS: readonly { what: string; apply: (schema: Schema, defs: Definitions) => void }[] = [
  {
    what: 'Std:Join (its JoinFunction is malformed and referenced nowhere) and Std:JsonGet wherever a value may be an expression',
    apply: (_schema, defs) => {
      const expression = { $ref: '#/definitions/GetFunction' };
      defs['JoinFunction'] = {
        type: 'object',
        properties: {
          'Std:Join': {
            type: 'object',
            properties: { On: { type: 'string' }, Values: { type: 'array' } },
            required: ['On', 'Values'],
            additionalProperties: false,
          },
        },
        required: ['Std:Join'],
        additionalProperties: false,
      };
      defs['JsonGetFunction'] = {
        type: 'object',
        properties: {
          'Std:JsonGet': {
            type: 'object',
            properties: { PropertyFile: expression, Path: { type: 'string' } },
            required: ['PropertyFile', 'Path'],
            additionalProperties: false,
          },
        },
        required: ['Std:JsonGet'],
        additionalProperties: false,
      };
      for (const name of ['StringArgumentValue', 'IntegerArgumentValue', 'FloatArgumentValue', 'BooleanArgumentValue']) {
        (def(defs, name)['oneOf'] as Schema[]).push({ $ref: '#/definitions/JoinFunction' }, { $ref: '#/definitions/JsonGetFunction' });
      }
    },
  },
  {
    what: 'RetryPolicy.ExceptionType is a string array (SageMaker developer guide, "The JSON schema for the retry policy")',
    apply: (_schema, defs) => {
      const properties = def(defs, 'RetryPolicy')['properties'] as Schema;
      properties['ExceptionType'] = { type: 'array', items: properties['ExceptionType'], minItems: 1 };
    },
  },
  {
    what: 'CacheConfig on Processing and Training steps, PropertyFiles on Processing steps',
    apply: (_schema, defs) => {
      const cacheConfig = {
        type: 'object',
        properties: { Enabled: { type: 'boolean' }, ExpireAfter: { type: 'string' } },
        required: ['Enabled'],
        additionalProperties: false,
      };
      const propertyFiles = {
        type: 'array',
        items: {
          type: 'object',
          properties: { PropertyFileName: { type: 'string' }, OutputName: { type: 'string' }, FilePath: { type: 'string' } },
          required: ['PropertyFileName', 'OutputName', 'FilePath'],
          additionalProperties: false,
        },
      };
      (def(defs, 'ProcessingStep')['properties'] as Schema)['CacheConfig'] = cacheConfig;
      (def(defs, 'ProcessingStep')['properties'] as Schema)['PropertyFiles'] = propertyFiles;
      (def(defs, 'TrainingStep')['properties'] as Schema)['CacheConfig'] = cacheConfig;
    },
  },
  {
    what: 'RegisterModel: ModelApprovalStatus and CustomerMetadataProperties (CreateModelPackage arguments)',
    apply: (_schema, defs) => {
      const args = (def(defs, 'RegisterModelStep')['properties'] as Schema)['Arguments'] as Schema;
      const properties = args['properties'] as Schema;
      properties['ModelApprovalStatus'] = {
        oneOf: [{ type: 'string', enum: ['Approved', 'Rejected', 'PendingManualApproval'] }, { $ref: '#/definitions/GetFunction' }],
      };
      properties['CustomerMetadataProperties'] = {
        type: 'object',
        patternProperties: { '.*': { $ref: '#/definitions/StringArgumentValue' } },
      };
    },
  },
  {
    what: 'PipelineExperimentConfig at the top level (ExperimentName, TrialName)',
    apply: (schema) => {
      (schema['properties'] as Schema)['PipelineExperimentConfig'] = {
        type: 'object',
        properties: {
          ExperimentName: { $ref: '#/definitions/StringArgumentValue' },
          TrialName: { $ref: '#/definitions/StringArgumentValue' },
        },
        additionalProperties: false,
      };
    },
  },
];

/** The published schema with SAGEMAKER_ADDITIONS applied (a copy; the vendored file is never written). */
export function schemaWithSageMakerAdditions(): Schema {
  const schema = publishedSchema();
  const defs = schema['definitions'] as Definitions;
  for (const addition of SAGEMAKER_ADDITIONS) addition.apply(schema, defs);
  return schema;
}

/**
 * The schema's errors for a definition (none: valid). ajv's default draft-07 reads the schema's `definitions`;
 * `strict: false` because the published schema trips ajv's strict checks (keywords without a `type`, an unknown
 * `Values` keyword in JoinFunction, `minLength` on integers), which are lint, not validation.
 */
export function schemaErrors(schema: Schema, definition: unknown): ErrorObject[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  return validate(definition) ? [] : [...(validate.errors ?? [])];
}

/**
 * Where the published schema rejects a definition, one line per gap, validating each step against its own
 * definition (the schema's `oneOf` over step types otherwise repeats every error once per step type).
 * Lines: `<path>: <property> is not in the schema` (an additional property, `Std:Join`/`Std:JsonGet` where the
 * schema allows only `Get`) or `<path>: an array where the schema wants one string` (RetryPolicy.ExceptionType).
 * `unexplained` holds every other error not at or below a gap's path (none, for the triage pipeline).
 */
export function publishedSchemaGaps(definition: PipelineDefinitionJson): {
  gaps: string[];
  unexplained: ErrorObject[];
} {
  const schema = publishedSchema();
  const id = schema['$id'] as string;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(schema);
  const errors: ErrorObject[] = [];
  const check = (ref: string, value: unknown, at: string) => {
    const validate = ajv.getSchema(ref ? `${id}#/definitions/${ref}` : id);
    if (!validate) throw new Error(`the published schema has no definition ${ref}`);
    if (!validate(value)) errors.push(...(validate.errors ?? []).map((e) => ({ ...e, instancePath: `${at}${e.instancePath}` })));
  };
  const checkStep = (step: { Type: string; Arguments?: unknown }, at: string) => {
    const definitionName = step.Type === 'Model' ? 'CreateModelStep' : `${step.Type}Step`;
    if (step.Type !== 'Condition') return check(definitionName, step, at);
    const args = step.Arguments as { Conditions?: { Type: string }[]; IfSteps?: (typeof step)[]; ElseSteps?: (typeof step)[] };
    check(definitionName, { ...step, Arguments: { ...args, Conditions: [], IfSteps: [], ElseSteps: [] } }, at);
    (args.Conditions ?? []).forEach((c, i) =>
      check(
        c.Type === 'Or' ? 'OrCondition' : c.Type === 'In' || c.Type === 'NotIn' ? 'InCondition' : 'BinaryCondition',
        c,
        `${at}/Arguments/Conditions/${i}`,
      ),
    );
    (args.IfSteps ?? []).forEach((s, i) => checkStep(s, `${at}/Arguments/IfSteps/${i}`));
    (args.ElseSteps ?? []).forEach((s, i) => checkStep(s, `${at}/Arguments/ElseSteps/${i}`));
  };
  check('', { ...definition, Steps: [] }, '');
  definition.Steps.forEach((step, i) => checkStep(step as { Type: string; Arguments?: unknown }, `/Steps/${i}`));

  const gaps = new Set<string>();
  const explained = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const property = (e.params as { additionalProperty: string }).additionalProperty;
      gaps.add(
        property.startsWith('Std:')
          ? `${e.instancePath}: ${property} is not in the schema`
          : `${e.instancePath}/${property}: is not in the schema`,
      );
      explained.add(e);
    } else if (e.keyword === 'type' && e.instancePath.endsWith('/ExceptionType')) {
      gaps.add(`${e.instancePath}: an array where the schema wants one string`);
      explained.add(e);
    }
  }
  // The rest of a gap's errors are its consequences: the other alternatives of a oneOf failing at the same value.
  const gapPaths = [...gaps].map((g) => g.slice(0, g.indexOf(':')));
  const unexplained = errors.filter(
    (e) => !explained.has(e) && !gapPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
  return { gaps: [...gaps].sort(), unexplained };
}
