import type { ApiTarget } from '../client/api-target';
import { CliError } from '../support/cli-error';
import { describeVersion, listVersions, sleep, type DemoModelVersion } from './demo-api';

/** The version the execution registered (its lineage names the execution), once the registry lists it. */
export async function registeredVersion(
  admin: ApiTarget,
  group: string,
  executionArn: string,
  timeoutMs: number,
): Promise<DemoModelVersion> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listVersions(admin, group)).find((v) => v.lineage.pipelineExecutionArn === executionArn);
    if (found) return found;
    if (Date.now() > deadline) throw new CliError(`no version of ${group} registered by ${executionArn} after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** The version once it is promoted (by the promotion policy: the demo promotes nothing itself). */
export async function awaitPromotion(admin: ApiTarget, version: DemoModelVersion, timeoutMs: number): Promise<DemoModelVersion> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await describeVersion(admin, version.groupName, version.version);
    if (now.promoted) return now;
    if (Date.now() > deadline)
      throw new CliError(
        `${version.groupName}/${version.version} is ${now.approvalStatus} but not promoted ${timeoutMs / 1000} s later (promotion.policy auto promotes an Approved version: is the model-registry handler wired in?)`,
      );
    await sleep(500);
  }
}
