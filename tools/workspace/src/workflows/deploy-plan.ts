/** The deployment environments (libs/aws-constructs TRIAGE_ENVIRONMENTS; a tool may not import an app's config). */
export const DEPLOY_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type DeployEnvironment = (typeof DEPLOY_ENVIRONMENTS)[number];

/** Each environment's stacks, `triage-<env>-<part>`, in the order CDK deploys them (docs/DEPLOYMENT.md). */
export const STACK_PARTS = ['foundation', 'ml', 'events', 'api', 'monitoring'] as const;
export type StackPart = (typeof STACK_PARTS)[number];

/** The images CI builds and pushes to ECR (`triage-<env>-<image>`, tagged with the commit), from apps/<image>/Dockerfile. */
export const IMAGES = ['api', 'training'] as const;
export type ImageName = (typeof IMAGES)[number];

/** What a change to a deployable app means: the stacks to deploy and the images to rebuild. */
export interface DeployUnit {
  stacks: readonly StackPart[];
  images: readonly ImageName[];
}

/**
 * The apps a release manager deploys, by Nx project name. The CDK app holds every stack's definition, so a change
 * there deploys them all (CloudFormation leaves an unchanged stack alone); the API image also serves the viewer's
 * build; the ML stack's pipeline definition names the training image. The CLI and the e2e suite deploy nothing.
 */
export const DEPLOY_UNITS: Readonly<Record<string, DeployUnit>> = {
  '@triage/cdk': { stacks: STACK_PARTS, images: [] },
  '@triage/api': { stacks: ['api'], images: ['api'] },
  '@triage/viewer': { stacks: ['api'], images: ['api'] },
  '@triage/training': { stacks: ['ml'], images: ['training'] },
  '@triage/lambdas': { stacks: ['events'], images: [] },
};

/** The stacks that hold what the images need (the ECR repositories are the ML stack's): deployed before the images are pushed. */
const BEFORE_IMAGES: readonly StackPart[] = ['foundation', 'ml'];

/** What one deployment does. */
export interface DeployPlan {
  /** The apps it deploys (Nx project names), sorted. */
  apps: string[];
  /** Stack names deployed before the images are pushed, in deploy order. */
  stacksBeforeImages: string[];
  /** Stack names deployed after, in deploy order. */
  stacksAfterImages: string[];
  /** Images built from their Dockerfile at this commit. */
  build: ImageName[];
  /**
   * Images whose app did not change: the last deployment's image is tagged with this commit too (an ECR manifest
   * copy, no build), so every deployed commit has both images and the stacks always name this commit's tag.
   */
  retag: ImageName[];
}

/** How a deployment chooses its apps. */
export interface DeploySelection {
  environment: DeployEnvironment;
  /**
   * `affected`: the apps Nx finds affected since the commit last deployed to this environment; `all`; or a
   * release manager's comma-separated list of app names (`api`, `training`, `lambdas`, `viewer`, `cdk`).
   */
  apps: string;
  /** `nx show projects --affected` since the last deployment, libs included (used when apps is `affected`). */
  affected: readonly string[];
  /** The commit last deployed to this environment; undefined: none yet, so everything deploys and both images are built. */
  base?: string;
}

/** Thrown for an app name a release manager typed that deploys nothing. */
export class UnknownAppError extends Error {}

/** The apps, stacks and images of one deployment (see {@link DeploySelection}). */
export function planDeploy(selection: DeploySelection): DeployPlan {
  const apps = selectedApps(selection);
  const parts = new Set(apps.flatMap((app) => DEPLOY_UNITS[app]?.stacks ?? []));
  const changed = new Set(apps.flatMap((app) => DEPLOY_UNITS[app]?.images ?? []));
  const stack = (part: StackPart) => `triage-${selection.environment}-${part}`;
  const ordered = STACK_PARTS.filter((part) => parts.has(part));
  const build = IMAGES.filter((image) => selection.base === undefined || changed.has(image));
  return {
    apps,
    stacksBeforeImages: ordered.filter((part) => BEFORE_IMAGES.includes(part)).map(stack),
    stacksAfterImages: ordered.filter((part) => !BEFORE_IMAGES.includes(part)).map(stack),
    build: ordered.length === 0 ? [] : build,
    retag: ordered.length === 0 ? [] : IMAGES.filter((image) => !build.includes(image)),
  };
}

function selectedApps({ apps, affected, base }: DeploySelection): string[] {
  const all = Object.keys(DEPLOY_UNITS);
  const chosen = apps.trim();
  if (chosen === 'all' || (chosen === 'affected' && base === undefined)) return all.sort();
  if (chosen === 'affected') return affected.filter((app) => app in DEPLOY_UNITS).sort();
  return chosen
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => {
      const app = name.startsWith('@triage/') ? name : `@triage/${name}`;
      if (!(app in DEPLOY_UNITS)) throw new UnknownAppError(`"${name}" deploys nothing: one of ${all.map((a) => a.slice(8)).join(', ')}`);
      return app;
    })
    .filter((app, index, list) => list.indexOf(app) === index)
    .sort();
}

/** The plan as GitHub step outputs (`name=value` lines) for `$GITHUB_OUTPUT`: stacks comma-separated as run-cdk.mjs's `--stacks` takes them, images space-separated for the shell. */
export function planOutputs(plan: DeployPlan): string {
  return [
    `apps=${plan.apps.join(' ')}`,
    `stacks-before-images=${plan.stacksBeforeImages.join(',')}`,
    `stacks-after-images=${plan.stacksAfterImages.join(',')}`,
    `build=${plan.build.join(' ')}`,
    `retag=${plan.retag.join(' ')}`,
    `deploys=${plan.stacksBeforeImages.length + plan.stacksAfterImages.length > 0}`,
  ].join('\n');
}

/** The plan as Markdown for the run's summary: what an approver of a prod deployment reads before approving. */
export function planSummary(selection: DeploySelection, plan: DeployPlan): string {
  const list = (items: string[]) => (items.length === 0 ? 'none' : items.map((i) => `\`${i}\``).join(', '));
  return [
    `### Deploy plan: ${selection.environment}`,
    '',
    `- Since: ${selection.base === undefined ? 'no earlier deployment (everything deploys)' : `\`${selection.base}\``}`,
    `- Apps (${selection.apps.trim()}): ${list(plan.apps)}`,
    `- Stacks: ${list([...plan.stacksBeforeImages, ...plan.stacksAfterImages])}`,
    `- Images built: ${list(plan.build)}; retagged from the last deployment: ${list(plan.retag)}`,
    '',
  ].join('\n');
}
