import { RemovalPolicy, aws_ec2 as ec2, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { logRetention } from '../environment/log-retention';
import { acknowledge } from '../nag/acknowledge';

/** The VPC's address range (a literal, so security group rules naming it are checkable at synthesis). */
export const VPC_CIDR = '10.40.0.0/16';

/** Props of {@link TriageNetwork}. */
export interface TriageNetworkProps {
  environment: TriageEnvironment;
  key: kms.IKey;
}

/** The interface endpoints compute reaches AWS through without leaving the VPC (id → service). */
export const INTERFACE_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  SageMakerApi: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_API,
  SageMakerRuntime: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
  HealthImaging: ec2.InterfaceVpcEndpointAwsService.HEALTH_IMAGING,
  HealthImagingRuntime: ec2.InterfaceVpcEndpointAwsService.HEALTH_IMAGING_RUNTIME,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  Ecr: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  EventBridge: ec2.InterfaceVpcEndpointAwsService.EVENTBRIDGE,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
};

/**
 * The VPC: public subnets hold only the load balancer and the NAT gateways; every task, function and training job runs
 * in the private subnets and reaches S3 and DynamoDB through gateway endpoints, the other services through interface
 * endpoints. Flow logs (all traffic) go to a log group encrypted with the key.
 */
export class TriageNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly flowLogGroup: logs.LogGroup;
  /** The interface endpoints' security group: HTTPS from inside the VPC, nothing out. */
  readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: TriageNetworkProps) {
    super(scope, id);
    const env = props.environment;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: `triage-${env.name}`,
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: env.maxAzs,
      natGateways: env.natGateways,
      // The default security group allows all traffic between its members; nothing uses it, so it is emptied.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'triage interface endpoints: HTTPS from the VPC',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const [endpointId, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        privateDnsEnabled: true,
        open: false,
        securityGroups: [this.endpointSecurityGroup],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      });
    }
    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(subnet, {
        id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        reason:
          'Public subnets hold only the internet-facing load balancer and the NAT gateways, which need the default route to the internet gateway; all compute is in the private subnets.',
      });
    }
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      logGroupName: `/triage/${env.name}/vpc-flow-logs`,
      encryptionKey: props.key,
      retention: logRetention(env.logRetentionDays),
      removalPolicy: env.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    acknowledge(flowLog, {
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason:
        "The flow log's service role (made by CDK) carries one policy: write to this flow log group only; a managed policy would grant the same with its own lifecycle.",
    });
  }
}
