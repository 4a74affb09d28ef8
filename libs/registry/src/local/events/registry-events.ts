import { MODEL_PACKAGE_STATE_CHANGE, type TriageEventEntry } from '@triage/events';
import type { Actor, ModelPackage } from '../../model-registry';

/** The principal prefix of a promotion made by a policy (the model-registry handler is `policy:model-registry`). */
const POLICY_PRINCIPAL = 'policy:';

/**
 * `SageMaker Model Package State Change`, as SageMaker sends it when a version is created or its
 * approval changes: DescribeModelPackage's field names, the package ARN as the only resource.
 */
export function packageStateChange(pkg: ModelPackage, by: Actor, at: string): TriageEventEntry<typeof MODEL_PACKAGE_STATE_CHANGE> {
  return {
    source: 'aws.sagemaker',
    'detail-type': MODEL_PACKAGE_STATE_CHANGE,
    resources: [pkg.arn],
    detail: {
      ModelPackageGroupName: pkg.groupName,
      ModelPackageVersion: pkg.version,
      ModelPackageArn: pkg.arn,
      // A versioned package's name is its group's (SageMaker names it so).
      ModelPackageName: pkg.groupName,
      ModelPackageStatus: pkg.status,
      ModelApprovalStatus: pkg.approvalStatus,
      ...(pkg.approvalDescription !== undefined && { ApprovalDescription: pkg.approvalDescription }),
      CreationTime: pkg.createdAt,
      LastModifiedTime: at,
      LastModifiedBy: { UserProfileName: by.principal },
    },
  };
}

/** `ModelPromoted`: the version that scores new studies changed, by a promotion or a rollback. */
export function modelPromoted(
  pkg: ModelPackage,
  previous: ModelPackage | undefined,
  change: 'promoted' | 'rolled-back',
  actor: Actor,
): TriageEventEntry<'ModelPromoted'> {
  return {
    source: 'triage.models',
    'detail-type': 'ModelPromoted',
    resources: [pkg.arn],
    detail: {
      groupName: pkg.groupName,
      modelPackageArn: pkg.arn,
      version: pkg.version,
      ...(previous && { previousModelPackageArn: previous.arn }),
      change,
      by: actor.principal.startsWith(POLICY_PRINCIPAL) ? 'policy' : 'person',
      // The event's actor is who and in which role; the reason stays in the registry's history.
      actor: { principal: actor.principal, ...(actor.role !== undefined && { role: actor.role }) },
    },
  };
}
