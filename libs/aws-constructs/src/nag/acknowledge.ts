import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One acknowledged cdk-nag finding: the rule (or `Rule[finding]`) and why it does not apply here. */
export interface NagAcknowledgement {
  id: string;
  reason: string;
}

/**
 * Acknowledges cdk-nag findings on a construct (and everything under it), each with its reason. The reason is required:
 * an acknowledgement without one is a silenced finding, so an empty or placeholder reason throws.
 */
export function acknowledge(scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void {
  for (const { id, reason } of acknowledgements) {
    if (reason.trim().length < 20) {
      throw new Error(`cdk-nag acknowledgement ${id} on ${scope.node.path} needs a specific reason (got "${reason}")`);
    }
    Validations.of(scope).acknowledge({ id, reason });
  }
}

/** An acknowledgement as recorded in the construct tree: where it was made, the rule, the reason. */
export interface RecordedAcknowledgement extends NagAcknowledgement {
  path: string;
}

/** Every acknowledgement recorded under `root` (CDK keeps them as construct metadata), in tree order. */
export function recordedAcknowledgements(root: IConstruct): RecordedAcknowledgement[] {
  const found: RecordedAcknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, string>)) {
        // aws-cdk-lib records ids with an `Annotation::` prefix (lower case before 2.262.1).
        found.push({ path: construct.node.path, id: qualifiedId.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}
