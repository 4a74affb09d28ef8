import type { Environment } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '@triage/aws-constructs';
import { ApiStack } from './stacks/api-stack';
import { EventsStack } from './stacks/events-stack';
import { FoundationStack } from './stacks/foundation-stack';
import { MlStack } from './stacks/ml-stack';
import { MonitoringStack } from './stacks/monitoring-stack';

/** The parts of an environment, one stack each (`triage-<env>-<part>`), in deployment order. */
export const TRIAGE_PARTS = ['foundation', 'ml', 'events', 'api', 'monitoring'] as const;
export type TriagePart = (typeof TRIAGE_PARTS)[number];

/** A stack's name (also its construct id, so `aws:cdk:bundling-stacks` and `cdk deploy <name>` match it). */
export function stackName(environment: TriageEnvironment, part: TriagePart): string {
  return `triage-${environment.name}-${part}`;
}

/** One environment's stacks. */
export interface TriageStacks {
  foundation: FoundationStack;
  ml: MlStack;
  events: EventsStack;
  api: ApiStack;
  monitoring: MonitoringStack;
}

/**
 * Composes one environment: foundation → ml → events (its rules need the pipeline's and group's names) → api →
 * monitoring (watches the functions, queues, load balancer and pipeline); the references order the deployment. Each app is its own stack, so a release
 * manager deploys one (`cdk deploy triage-prod-api --exclusively`); CloudFormation exports carry the references.
 */
export function addTriageEnvironment(scope: Construct, environment: TriageEnvironment): TriageStacks {
  const env: Environment = { account: environment.account, region: environment.region };
  const named = (part: TriagePart) => ({ env, stackName: stackName(environment, part), environment });
  const foundationStack = new FoundationStack(scope, stackName(environment, 'foundation'), named('foundation'));
  const foundation = foundationStack.resources;
  const ml = new MlStack(scope, stackName(environment, 'ml'), { ...named('ml'), foundation });
  const events = new EventsStack(scope, stackName(environment, 'events'), { ...named('events'), foundation, ml });
  const api = new ApiStack(scope, stackName(environment, 'api'), { ...named('api'), foundation });
  const monitoring = new MonitoringStack(scope, stackName(environment, 'monitoring'), {
    ...named('monitoring'),
    foundation,
    functions: events.functions,
    deadLetterQueues: events.deadLetterQueues,
    // Optional until the API stack has one (a placeholder has none).
    loadBalancer: api.loadBalancer as ApiStack['loadBalancer'] | undefined,
    pipelineName: ml.pipelineName,
  });
  return { foundation: foundationStack, ml, events, api, monitoring };
}
