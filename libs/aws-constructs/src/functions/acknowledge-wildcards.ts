import { CfnResource, Validations } from 'aws-cdk-lib';
import { rules } from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';

/** A kind of wildcard a role's policy may hold, and why it is needed. */
export interface WildcardReason {
  /** Matches cdk-nag's finding, e.g. `Action::s3:GetObject*` or `Resource::<bucket arn>/*`. */
  finding: RegExp;
  reason: string;
}

/** The wildcards CDK's own grants write: object-level S3 actions and ARNs, KMS data-key actions. */
export const GRANT_WILDCARDS: WildcardReason[] = [
  {
    finding: /^Action::s3:(GetObject|GetBucket|List|DeleteObject|Abort|PutObject)\*$/,
    reason: 'CDK bucket grants (grantRead/grantWrite) name the action families they need on the named bucket and its objects only.',
  },
  {
    finding: /^Action::kms:(GenerateDataKey|ReEncrypt|Encrypt|Decrypt)\*$/,
    reason: 'CDK key grants for SSE-KMS objects, tables and queues: data-key actions on the one named key only.',
  },
  {
    finding: /^Resource::.+\/\*$/,
    reason:
      'Objects of a named bucket (or under a named prefix), versions of our model package group, executions of our pipeline, ' +
      'image sets of our datastore: children whose ids are not known in advance, under a parent that is named.',
  },
  {
    finding: /^Resource::arn:[^:]+:logs:.+:log-group:\/aws\/sagemaker\/(Processing|Training)Jobs:\*$/,
    reason: "The SageMaker jobs' log groups, every stream of them: one stream per job, named by SageMaker at run time.",
  },
  {
    finding: /^Resource::arn:[^:]+:sagemaker:.+:(processing|training)-job\/pipelines-\*$/,
    reason: 'The jobs SageMaker Pipelines starts are named pipelines-<execution>-<step>-<hash> at run time.',
  },
];

/**
 * Acknowledges AwsSolutions-IAM5 for the wildcards under `scope` (a role and its policy) that match `reasons`, each with
 * its reason. It runs as a construct validation, after CDK has resolved cross-stack references (so a foundation bucket's
 * ARN reads as its import, as cdk-nag sees it) and before the policy-validation plugins read the acknowledgements;
 * anything that matches no reason is left for cdk-nag to report.
 */
export function acknowledgeWildcards(scope: Construct, reasons: WildcardReason[]): void {
  scope.node.addValidation({
    validate: () => {
      for (const resource of scope.node.findAll().filter((c: IConstruct): c is CfnResource => CfnResource.isCfnResource(c))) {
        const findings = rules.iam.IAMNoWildcardPermissions(resource);
        if (!Array.isArray(findings)) continue;
        for (const finding of findings) {
          const match = reasons.find((r) => r.finding.test(finding));
          if (match) Validations.of(resource).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: match.reason });
        }
      }
      return [];
    },
  });
}
