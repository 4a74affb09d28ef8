import { RemovalPolicy, aws_kms as kms, aws_logs as logs, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';

/** Requests one client address may make in five minutes before WAF blocks it (a viewer loads many frames). */
export const RATE_LIMIT_PER_5_MIN = 20000;

/** AWS managed rule groups on the ALB, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

/** Props of {@link ApiWebAcl}. */
export interface ApiWebAclProps {
  environment: TriageEnvironment;
  /** The ALB's ARN the ACL is associated with. */
  resourceArn: string;
  logKey: kms.IKey;
}

/**
 * A regional WAF web ACL on the API's ALB: AWS's IP reputation list, the common rule set and known bad inputs, and a
 * rate limit per client address. The common rule set's SizeRestrictions_BODY (8 KB) only counts: STOW-RS uploads are
 * DICOM files of megabytes, and the API bounds bodies itself. Logs go to CloudWatch with the Authorization and Cookie
 * headers redacted.
 */
export class ApiWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiWebAclProps) {
    super(scope, id);
    const name = `triage-${props.environment.name}-api`;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (ruleGroup: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleGroup,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: ruleGroup,
          ruleActionOverrides:
            ruleGroup === 'AWSManagedRulesCommonRuleSet' ? [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] : undefined,
        },
      },
      visibilityConfig: visibility(ruleGroup),
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        {
          name: 'RateLimitPerAddress',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: RATE_LIMIT_PER_5_MIN, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerAddress'),
        },
        ...MANAGED_RULE_GROUPS.map((group, i) => managed(group, i + 1)),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.resourceArn, webAclArn: this.webAcl.attrArn });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // WAF only logs to groups whose name starts with aws-waf-logs-.
      logGroupName: `aws-waf-logs-${name}`,
      encryptionKey: props.logKey,
      retention: props.environment.logRetentionDays as logs.RetentionDays,
      removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [this.logGroup.logGroupArn],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}
