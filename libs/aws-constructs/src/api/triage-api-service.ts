import {
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_certificatemanager as acm,
  aws_ec2 as ec2,
  aws_ecr as ecr,
  aws_ecs as ecs,
  aws_elasticloadbalancingv2 as elbv2,
  aws_iam as iam,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackKey } from '../events/stack-key';
import type { FoundationResources } from '../foundation/foundation-resources';
import { eventBusNameOf, triageVariables } from '../functions/function-variables';
import { acknowledgeWildcards, GRANT_WILDCARDS } from '../functions/acknowledge-wildcards';
import { ManagedPolicyRole } from '../functions/managed-policy-role';
import { mlNames } from '../ml/ml-names';
import { ApiDataVolume } from './api-data-volume';
import { ApiWebAcl } from './api-web-acl';
import { grantApiTask } from './api-task-grants';

/** The port the API listens on in its container (apps/api/Dockerfile: TRIAGE_PORT=8080). */
export const API_PORT = 8080;
/** The API's liveness route (apps/api/src/plugins/health-route.ts), for the target group and the container. */
export const API_HEALTH_PATH = '/healthz';
/** The context key naming an ACM certificate for the HTTPS listener. */
export const CERTIFICATE_CONTEXT = 'triage:certificateArn';
/** ALB idle timeout: long enough for a WADO-RS stream and between the SSE live updates' heartbeats. */
export const ALB_IDLE_TIMEOUT = Duration.minutes(5);

/** Props of {@link TriageApiService}. */
export interface TriageApiServiceProps {
  foundation: FoundationResources;
  /** An ACM certificate's ARN: HTTPS on 443 (and 80 redirects). Absent: plain HTTP on 80, for dev only. */
  certificateArn?: string;
}

/**
 * The API on AWS: Fastify in ECS Fargate tasks in the private subnets, behind an internet-facing ALB in the public ones
 * with WAF, access logs to the logs bucket, invalid headers dropped, TLS 1.2+ when a certificate is given. The image is
 * the api ECR repository's at `environment.imageTag`; the task role holds the platform's grants (grantApiTask).
 */
export class TriageApiService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly taskRole: ManagedPolicyRole;
  readonly webAcl: ApiWebAcl;

  constructor(scope: Construct, id: string, props: TriageApiServiceProps) {
    super(scope, id);
    const { foundation } = props;
    const environment = foundation.environment;
    const stack = Stack.of(this);
    const names = mlNames(environment.name);
    const key = stackKey(this, 'Key', { environment, purpose: 'api', logs: true });
    const pipelineArn = stack.formatArn({ service: 'sagemaker', resource: 'pipeline', resourceName: names.pipeline });
    const pipelineRoleArn = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: names.executionRole });
    const eventBusName = eventBusNameOf(environment.name);

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `triage-${environment.name}-api`,
      vpc: foundation.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.taskRole = new ManagedPolicyRole(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `triage ${environment.name} API task: the platform's tables, buckets, datastore, registry, pipeline, bus`,
    });
    grantApiTask(
      this.taskRole,
      foundation,
      { eventBusName, pipelineArn, pipelineRoleArn, modelPackageGroupName: environment.modelPackageGroupName },
      this,
    );

    const executionRole = new ManagedPolicyRole(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `triage ${environment.name} API task execution: pull the image, write its logs`,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      family: `triage-${environment.name}-api`,
      cpu: environment.api.cpu,
      memoryLimitMiB: environment.api.memoryMiB,
      taskRole: this.taskRole,
      executionRole,
      runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture: ecs.CpuArchitecture.X86_64 },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/triage/${environment.name}/api`,
      encryptionKey: key,
      retention: environment.logRetentionDays as logs.RetentionDays,
      removalPolicy: environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const repository = ecr.Repository.fromRepositoryName(this, 'Repository', names.apiRepository);
    const container = taskDefinition.addContainer('api', {
      image: ecs.ContainerImage.fromEcrRepository(repository, environment.imageTag),
      portMappings: [{ containerPort: API_PORT, protocol: ecs.Protocol.TCP }],
      environment: {
        ...triageVariables(foundation, {
          eventBusName,
          pipelineName: names.pipeline,
          pipelineRoleArn,
          modelPackageGroupName: environment.modelPackageGroupName,
        }),
        TRIAGE_PORT: String(API_PORT),
        POWERTOOLS_SERVICE_NAME: 'api',
        POWERTOOLS_METRICS_NAMESPACE: 'Triage',
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'api' }),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${API_PORT}${API_HEALTH_PATH}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        startPeriod: Duration.seconds(60),
        retries: 3,
      },
    });

    const dataVolume = new ApiDataVolume(this, 'Data', { foundation, taskDefinition, container, taskRole: this.taskRole });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc: foundation.vpc,
      description: 'triage API load balancer: clients on 443 (80 redirects, or dev HTTP)',
      allowAllOutbound: false,
    });
    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: foundation.vpc,
      description: 'triage API tasks: the load balancer in, HTTPS to AWS APIs out',
      allowAllOutbound: false,
    });
    serviceSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs (VPC endpoints, NAT)');
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: foundation.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      idleTimeout: ALB_IDLE_TIMEOUT,
      deletionProtection: environment.retainData,
    });
    this.loadBalancer.logAccessLogs(foundation.buckets.logs, `alb/triage-${environment.name}-api`);

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: `triage-${environment.name}-api`,
      cluster: this.cluster,
      taskDefinition,
      // One writer of the data folder (ApiDataVolume): one task, and a deployment stops it before the next one starts.
      desiredCount: oneWriter(environment.api.desiredCount),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [serviceSecurityGroup],
      assignPublicIp: false,
      circuitBreaker: { rollback: true },
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      healthCheckGracePeriod: Duration.seconds(90),
    });
    dataVolume.allowFrom(this.service);
    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc: foundation.vpc,
      port: API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.service],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: { path: API_HEALTH_PATH, healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
    });

    if (props.certificateArn) {
      this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [targetGroup],
      });
      const redirect = this.loadBalancer.addRedirect({
        sourcePort: 80,
        sourceProtocol: elbv2.ApplicationProtocol.HTTP,
        targetPort: 443,
        targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      });
      Validations.of(redirect).acknowledge({
        id: 'HIPAA.Security-ELBv2ACMCertificateRequired',
        reason:
          'This listener serves nothing: it answers every request on 80 with a 301 to HTTPS 443, whose listener has the ACM certificate.',
      });
    } else {
      const http = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [targetGroup],
      });
      const reason =
        `No certificate in context (${CERTIFICATE_CONTEXT}): plain HTTP is for a dev environment without a domain and synthetic ` +
        'data only; staging and prod are deployed with a certificate, which makes this an HTTPS listener with an HTTP redirect.';
      for (const ruleId of [
        'HIPAA.Security-ALBHttpToHttpsRedirection',
        'HIPAA.Security-ELBTlsHttpsListenersOnly',
        'HIPAA.Security-ELBv2ACMCertificateRequired',
      ]) {
        Validations.of(http).acknowledge({ id: ruleId, reason });
      }
    }

    this.webAcl = new ApiWebAcl(this, 'Waf', { environment, resourceArn: this.loadBalancer.loadBalancerArn, logKey: key });

    acknowledgeWildcards(this.taskRole, GRANT_WILDCARDS);
    acknowledgeWildcards(executionRole, GRANT_WILDCARDS);
    Validations.of(this.taskRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'sagemaker:ListModelPackages has no resource type (the request names our group); every other statement names its resources.',
    });
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken is account-wide by AWS design; the image pull itself is on the api repository only.',
    });
    if (!environment.retainData) {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'HIPAA.Security-ELBDeletionProtectionEnabled',
        reason:
          'Deletion protection is on where the environment retains data (retainData: staging, prod); dev is torn down with its stacks.',
      });
    }
    Validations.of(albSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        "The API is internet-facing by design (clinicians and modalities reach it): WAF rules, TLS and the API's authentication guard it.",
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The environment variables are resource names and settings (AWS.md), never secrets: those would come from Secrets Manager.',
    });
  }
}

/** The API's task count: one, while its data folder takes one writer (say so rather than deploy two writers). */
function oneWriter(desiredCount: number): number {
  if (desiredCount !== 1)
    throw new Error(
      `api.desiredCount ${desiredCount}: the API runs one task while its own state (audit log, sessions, tokens) is one folder on EFS`,
    );
  return desiredCount;
}
