import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { ObjectStore } from '@triage/artifacts';
import { RegistryError, type ModelRegistry } from '@triage/registry';
import { ProblemSchema } from '../app/problem';
import { VersionParams } from './model-schemas';

/** What the evaluation route needs: the registry, and the object store its `s3://` URIs name (local files or S3). */
export interface EvaluationRouteOptions {
  registry: ModelRegistry;
  objects: Pick<ObjectStore, 'getObject'>;
}

const Interval = Type.Array(Type.Union([Type.Number(), Type.Null()]), {
  minItems: 2,
  maxItems: 2,
  description: 'the 95 % interval [low, high]',
});
const Metric = Type.Object(
  {
    value: Type.Union([Type.Number(), Type.Null()]),
    standard_deviation: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    ci95: Type.Optional(Interval),
  },
  { additionalProperties: true },
);
const Counts = Type.Record(Type.String(), Type.Integer());

/** evaluation.json as the Evaluate step writes it (SageMaker's model-quality layout, then the test set and the threshold). */
export const EvaluationSchema = Type.Object(
  {
    binary_classification_metrics: Type.Object(
      {
        accuracy: Type.Optional(Metric),
        precision: Type.Optional(Metric),
        recall: Type.Optional(Metric),
        f1: Type.Optional(Metric),
        auc: Type.Optional(Metric),
        confusion_matrix: Type.Optional(
          Type.Record(Type.String(), Counts, { description: 'counts keyed actual, then predicted ("1": { "0": false negatives })' }),
        ),
        receiver_operating_characteristic_curve: Type.Optional(
          Type.Object({ false_positive_rates: Type.Array(Type.Number()), true_positive_rates: Type.Array(Type.Number()) }),
        ),
      },
      { additionalProperties: true },
    ),
    dataset: Type.Optional(
      Type.Object(
        {
          count: Type.Integer(),
          positives: Type.Integer(),
          synthetic: Type.Optional(Type.Boolean()),
          classes: Type.Array(Type.String()),
          positiveClass: Type.String(),
        },
        { additionalProperties: true },
      ),
    ),
    evaluation: Type.Optional(Type.Object({ threshold: Type.Number() }, { additionalProperties: true })),
  },
  { additionalProperties: true, description: 'evaluation.json of the version (no PHI: counts, rates and the test set size)' },
);

/**
 * `GET /api/models/groups/{group}/versions/{version}/evaluation` (`models.read`): the version's
 * evaluation.json, read from where its `evaluationUri` points, so the models page can draw the ROC
 * curve and the confusion matrix. 404 when the version has no evaluation or the file is gone.
 */
export const evaluationRoute: FastifyPluginAsyncTypebox<EvaluationRouteOptions> = async (app, { registry, objects }) => {
  app.get(
    '/api/models/groups/:group/versions/:version/evaluation',
    {
      config: { action: 'models.read' },
      schema: {
        params: VersionParams,
        response: { 200: EvaluationSchema, 400: ProblemSchema, 404: ProblemSchema },
        description: "The version's evaluation.json: metrics with 95 % intervals, the confusion matrix, the ROC curve's points.",
        tags: ['models'],
      },
    },
    async (request) => {
      const { group, version } = request.params;
      const found = (await registry.listModelPackages(group)).find((p) => p.version === version);
      if (!found) throw new RegistryError('ResourceNotFound', `model package ${group}/${version} does not exist`);
      const uri = found.metrics.evaluationUri;
      if (!uri) throw new RegistryError('ResourceNotFound', `model package ${group}/${version} has no evaluation`);
      let text: string;
      try {
        text = (await objects.getObject(uri)).toString('utf8');
      } catch {
        throw new RegistryError('ResourceNotFound', `the evaluation of ${group}/${version} is not in the object store`);
      }
      return JSON.parse(text) as Static<typeof EvaluationSchema>;
    },
  );
};
