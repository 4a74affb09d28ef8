import { aws_iam as iam } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * A role whose grants go into one customer-managed policy attached to it (`<role>/Policy`), never an inline policy: the
 * HIPAA Security pack's IAMNoInlinePolicy (AWS Config's iam-no-inline-policy-check) flags CDK's usual DefaultPolicy,
 * which CloudFormation attaches inline. Everything that grants to this role (table.grant*, bucket.grant*, the Lambda
 * and ECS constructs) goes through addToPrincipalPolicy, so every statement lands there.
 */
export class ManagedPolicyRole extends iam.Role {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
    this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [this], description: props.description });
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
