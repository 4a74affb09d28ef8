import {
  Duration,
  RemovalPolicy,
  Validations,
  aws_ec2 as ec2,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_lambda_nodejs as nodejs,
  aws_logs as logs,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import type { TriageFunctionName } from './function-names';
import { acknowledgeWildcards, GRANT_WILDCARDS } from './acknowledge-wildcards';
import { lambdaBundling, lambdaEntry, REPO_ROOT } from './lambda-bundling';
import { ManagedPolicyRole } from './managed-policy-role';

/** The functions' runtime (the bundles target node20). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_20_X;

/** Memory, timeout and concurrency of one function. */
export interface FunctionSizing {
  memorySize: number;
  timeout: Duration;
  /** Reserved concurrency: pipeline-trigger's 1 serialises the trigger; the others cap what one burst can take. */
  reservedConcurrency: number;
}

/** image-ingestion decodes and scores a radiograph (TensorFlow.js on wasm); the other three are small state machines. */
export const FUNCTION_SIZING: Record<TriageFunctionName, FunctionSizing> = {
  'pipeline-trigger': { memorySize: 512, timeout: Duration.minutes(1), reservedConcurrency: 1 },
  'model-evaluation': { memorySize: 512, timeout: Duration.minutes(2), reservedConcurrency: 2 },
  'model-registry': { memorySize: 512, timeout: Duration.minutes(2), reservedConcurrency: 2 },
  'image-ingestion': { memorySize: 3008, timeout: Duration.minutes(5), reservedConcurrency: 10 },
};

/** Props of {@link TriageFunction}. */
export interface TriageFunctionProps {
  name: TriageFunctionName;
  environment: TriageEnvironment;
  vpc: ec2.IVpc;
  /** Encrypts the function's log group (its policy must let CloudWatch Logs use it). */
  logKey: kms.IKey;
  /** Where failed asynchronous invocations go after their retries. */
  deadLetterQueue: sqs.IQueue;
  /** The AWS.md variables (names of the tables, buckets, bus, pipeline...). */
  variables: Record<string, string>;
  /** The monorepo root the entry points and esbuild are found under (default: this checkout). */
  repoRoot?: string;
}

/**
 * One loop function: a NodejsFunction (Node.js 20, arm64) bundled from apps/lambdas with the local esbuild, in the VPC's
 * private subnets behind its own security group, X-Ray tracing, a KMS-encrypted log group with the environment's
 * retention, a DLQ for failed asynchronous invocations, and a role that starts with nothing but its own logs and ENIs:
 * the caller grants what the function's code needs.
 */
export class TriageFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: ManagedPolicyRole;
  readonly logGroup: logs.LogGroup;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: TriageFunctionProps) {
    super(scope, id);
    const { name, environment } = props;
    const sizing = FUNCTION_SIZING[name];
    const functionName = `triage-${environment.name}-${name}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      encryptionKey: props.logKey,
      retention: environment.logRetentionDays as logs.RetentionDays,
      removalPolicy: environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Our own role rather than the managed AWSLambdaBasicExecutionRole/VPCAccessExecutionRole: logs only to this group.
    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${functionName}: its logs and ENIs; each grant beside is what its code calls`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );
    const eni = new iam.PolicyStatement({
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    });
    this.role.addToPolicy(eni);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${functionName}: no inbound; outbound HTTPS to AWS APIs (VPC endpoints, NAT)`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');

    const repoRoot = props.repoRoot ?? REPO_ROOT;
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName,
      description: `triage loop: ${name} (apps/lambdas/src/${name})`,
      entry: lambdaEntry(name, repoRoot),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}/package-lock.json`,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: sizing.memorySize,
      timeout: sizing.timeout,
      reservedConcurrentExecutions: sizing.reservedConcurrency,
      role: this.role,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      environment: {
        ...props.variables,
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_METRICS_NAMESPACE: 'Triage',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: lambdaBundling(name, repoRoot),
    });
    Validations.of(this.function).acknowledge({
      id: 'CloudFormation-Validate::W2531',
      reason:
        'Node.js 20 as the brief asks (apps/lambdas targets node20); AWS blocks creating nodejs20.x functions from 2027-02-01: move LAMBDA_RUNTIME to Node.js 22 before then.',
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Actions without a resource type, on "*" by AWS design: a function in a VPC creates and deletes its ENIs ' +
        "(ec2:*NetworkInterface*), X-Ray PutTraceSegments/PutTelemetryRecords, and sagemaker:ListModelPackages (the registry's " +
        'lookups of our group, which the request names); every other statement names its resources.',
    });
    acknowledgeWildcards(this.role, GRANT_WILDCARDS);
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 20 is the runtime the handlers are built and tested for (apps/lambdas bundles with target node20).',
    });
  }
}
