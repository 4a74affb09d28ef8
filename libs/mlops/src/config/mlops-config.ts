import { Type, type Static } from '@sinclair/typebox';

const Fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const Count = (minimum: number, description: string) => Type.Integer({ minimum, description });

/** When the retraining pipeline starts by itself. */
export const TriggerConfig = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether verified labels and the schedule start runs (by hand always works).' }),
    minNewLabels: Count(1, 'Verified labels since the last run that start the next one.'),
    scheduleMinutes: Count(0, 'Start a run this often when any label arrived since the last one; 0: off.'),
  },
  { additionalProperties: false },
);

/** What happens to a version once it is Approved. */
export const PromotionConfig = Type.Object(
  {
    policy: Type.Union([Type.Literal('auto'), Type.Literal('manual')], {
      description: "'auto': the model-registry handler promotes a newer Approved version; 'manual': an admin does.",
    }),
  },
  { additionalProperties: false },
);

/** The training job's hyperparameters (pipeline parameters Epochs, BatchSize, LearningRate, Patience, Seed). */
export const HyperparametersConfig = Type.Object(
  {
    epochs: Count(1, 'Training epochs (pipeline parameter Epochs).'),
    batchSize: Count(1, 'Images per batch (BatchSize).'),
    learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Adam learning rate (LearningRate).' }),
    patience: Count(0, 'Epochs without validation improvement before training stops (Patience).'),
    seed: Count(0, 'The seed of the split and the weights (Seed).'),
  },
  { additionalProperties: false },
);

/** Scoring new studies. */
export const ScoringConfig = Type.Object(
  {
    workers: Count(1, 'Scoring worker threads.'),
    decisionThreshold: Fraction('Positive score at or above which a study counts as urgent (shadow accuracy, the demo).'),
    rescoreLimit: Count(0, 'On a promotion, how many unverified worklist items (newest first) are rescored.'),
    modalities: Type.Array(Type.String({ pattern: '^[A-Z0-9]{1,16}$' }), {
      minItems: 1,
      maxItems: 32,
      uniqueItems: true,
      description: 'The modalities the model reads: a study of another one (a CT) is never scored by a chest radiograph model.',
    }),
  },
  { additionalProperties: false },
);

/** When the scores of new studies no longer look like the training data. */
export const DriftConfig = Type.Object(
  {
    windowSize: Count(1, 'Latest serving scores compared with the training reference.'),
    minWindow: Count(1, 'Fewer scores than this: no check.'),
    psi: Type.Number({ minimum: 0, description: 'Population stability index above which a feature has drifted.' }),
    ks: Fraction('Kolmogorov-Smirnov statistic above which a feature has drifted.'),
  },
  { additionalProperties: false },
);

/** The loop's settings: the trigger, promotion, the pipeline's parameters, scoring, drift and shadow. */
export const MlopsConfig = Type.Object(
  {
    modelPackageGroup: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9])*$' }),
    pipelineName: Type.String({ minLength: 1, maxLength: 256, pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9])*$' }),
    trigger: TriggerConfig,
    promotion: PromotionConfig,
    accuracyThreshold: Fraction('Test accuracy at or above which the pipeline registers a version Approved (AccuracyThreshold).'),
    model: Type.Object(
      {
        architecture: Type.Union([Type.Literal('small'), Type.Literal('resnet50')], {
          description: "The network (pipeline parameter Architecture): 'small' on a CPU, 'resnet50' on a GPU.",
        }),
      },
      { additionalProperties: false },
    ),
    hyperparameters: HyperparametersConfig,
    scoring: ScoringConfig,
    drift: DriftConfig,
    shadow: Type.Object(
      { enabled: Type.Boolean({ description: 'Whether candidate versions score new studies beside the serving one.' }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type MlopsConfig = Static<typeof MlopsConfig>;

/** Every default, in one place (the docs' table is this object). */
export const DEFAULT_MLOPS_CONFIG: MlopsConfig = {
  modelPackageGroup: 'triage-chest-xray',
  pipelineName: 'triage-model',
  trigger: { enabled: true, minNewLabels: 50, scheduleMinutes: 0 },
  promotion: { policy: 'auto' },
  accuracyThreshold: 0.85,
  model: { architecture: 'small' },
  hyperparameters: { epochs: 20, batchSize: 32, learningRate: 0.001, patience: 5, seed: 42 },
  scoring: { workers: 1, decisionThreshold: 0.5, rescoreLimit: 500, modalities: ['CR', 'DX'] },
  drift: { windowSize: 100, minWindow: 30, psi: 0.25, ks: 0.3 },
  shadow: { enabled: true },
};
