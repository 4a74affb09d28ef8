import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  TRIAGE_ENVIRONMENTS,
  addNagPacks,
  recordedAcknowledgements,
  type RecordedAcknowledgement,
  type TriageEnvironmentName,
} from '@triage/aws-constructs';
import { cdkJsonContext } from '../cdk-context';
import { environmentsFromContext } from '../environments';
import { addTriageEnvironment, type TriagePart, type TriageStacks } from '../triage-app';

/** A synthesised app: its stacks per environment, their templates, and the cdk-nag acknowledgements made. */
export interface SynthesisedTriageApp {
  app: App;
  stacks: Partial<Record<TriageEnvironmentName, TriageStacks>>;
  /** The template of `triage-<env>-<part>` (from the one synthesis). */
  template(env: TriageEnvironmentName, part: TriagePart): Template;
  acknowledgements: RecordedAcknowledgement[];
  /** How long building the stacks took, in ms (esbuild bundling of the selected events stacks happens here). */
  constructMs: number;
  /** How long synthesis (with CloudFormation validation and both nag packs) took, in ms. */
  synthMs: number;
}

/** Options of {@link synthTriageApp}. */
export interface SynthTriageAppOptions {
  /** Environments whose events stack bundles its Lambdas with esbuild (slow); the others get placeholder assets. */
  bundle?: TriageEnvironmentName[];
}

const cache = new Map<string, SynthesisedTriageApp>();

/**
 * Builds and synthesises the app for `envs` with cdk-nag's HIPAA Security and AWS Solutions packs, once per process
 * (per spec file under jest) for the same arguments. A finding nobody acknowledged fails here, listing each finding on
 * one line (rule, construct path, description) rather than CDK's boxed report.
 */
export function synthTriageApp(
  envs: readonly TriageEnvironmentName[] = TRIAGE_ENVIRONMENTS,
  options: SynthTriageAppOptions = {},
): SynthesisedTriageApp {
  const bundle = options.bundle ?? ['dev'];
  const key = `${envs.join(',')}|${bundle.join(',')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const constructStarted = performance.now();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-cdk-'));
  const app = new App({
    outdir,
    // CDK matches these against stack paths; the events stacks of the other environments skip esbuild.
    context: { ...cdkJsonContext(), env: envs.join(','), 'aws:cdk:bundling-stacks': bundle.map((env) => `triage-${env}-events`) },
  });
  const stacks: SynthesisedTriageApp['stacks'] = {};
  for (const environment of environmentsFromContext((name) => app.node.tryGetContext(name))) {
    stacks[environment.name] = addTriageEnvironment(app, environment);
  }
  addNagPacks(app);
  const started = performance.now();
  const constructMs = started - constructStarted;
  try {
    app.synth();
  } catch (error) {
    throw new Error(`synthesis failed validation (cdk-nag or CloudFormation), unacknowledged findings:\n${readableFindings(outdir)}`, {
      cause: error,
    });
  }
  const synthMs = performance.now() - started;
  const templates = new Map<Stack, Template>();
  const result: SynthesisedTriageApp = {
    app,
    stacks,
    constructMs,
    synthMs,
    acknowledgements: recordedAcknowledgements(app),
    template(env, part) {
      const stack = stacks[env]?.[part];
      if (!stack) throw new Error(`triage-${env}-${part} was not synthesised (envs: ${envs.join(', ')})`);
      let template = templates.get(stack);
      if (!template) templates.set(stack, (template = Template.fromStack(stack)));
      return template;
    },
  };
  cache.set(key, result);
  return result;
}

interface ValidationReport {
  pluginReports?: {
    pluginName?: string;
    violations?: { ruleName: string; description?: string; violatingConstructs?: { constructPath?: string }[] }[];
  }[];
}

/** The cloud assembly's validation-report.json as one line per finding: plugin, rule, construct path, description. */
export function readableFindings(outdir: string): string {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return '(no validation-report.json)';
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  const lines: string[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const violation of plugin.violations ?? []) {
      for (const resource of violation.violatingConstructs ?? [{}]) {
        lines.push(
          `${plugin.pluginName}: ${violation.ruleName} at ${resource.constructPath ?? '?'}: ${(violation.description ?? '').slice(0, 160)}`,
        );
      }
    }
  }
  return lines.join('\n');
}
