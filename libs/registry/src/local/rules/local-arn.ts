import { RegistryError, type ModelPackageArn, type ModelPackageGroupName } from '../../model-registry';

const PREFIX = 'arn:aws:sagemaker:local:000000000000:';
const PACKAGE_ARN = /^arn:aws:sagemaker:local:000000000000:model-package\/([^/]+)\/([1-9][0-9]{0,8})$/;

/** The local ARN of a group: as SageMaker's, in region `local` of account 000000000000. */
export function localGroupArn(name: ModelPackageGroupName): string {
  return `${PREFIX}model-package-group/${name}`;
}

/** The local ARN of a version. */
export function localPackageArn(name: ModelPackageGroupName, version: number): ModelPackageArn {
  return `${PREFIX}model-package/${name}/${version}`;
}

/** The group and version a local package ARN names; a ValidationException for anything else. */
export function parseLocalPackageArn(arn: ModelPackageArn): { groupName: ModelPackageGroupName; version: number } {
  const match = typeof arn === 'string' ? PACKAGE_ARN.exec(arn) : null;
  if (!match)
    throw new RegistryError(
      'ValidationException',
      `${JSON.stringify(String(arn).slice(0, 200))} is not a model package ARN of this registry (${PREFIX}model-package/<group>/<version>)`,
    );
  return { groupName: match[1], version: Number(match[2]) };
}
