import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs the HIPAA Security and AWS Solutions packs at synthesis (cdk-nag 3 is a policy-validation plugin): any finding
 * not acknowledged with {@link acknowledge} fails `cdk synth` with "Validation failed" and writes the cloud assembly's
 * validation-report.json.
 */
export function addNagPacks(app: IConstruct): void {
  Validations.of(app).addPlugins(new HIPAASecurityChecks(app, { verbose: true }), new AwsSolutionsChecks(app, { verbose: true }));
}
