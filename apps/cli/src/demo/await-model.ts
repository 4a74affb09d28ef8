import type { ApiTarget } from '../client/api-target';
import { CliError } from '../support/cli-error';
import { describeVersion, getJson, listVersions, sleep, type DemoModelVersion } from './demo-api';

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

/** Who promoted the version that serves now (the open serving period's actor): `policy:model-registry` when the policy did. */
export async function promotedBy(admin: ApiTarget, version: DemoModelVersion): Promise<string | undefined> {
  const { serving } = await getJson<{ serving: { version: number; until?: string; promotedBy: { principal: string } }[] }>(
    admin,
    `reading which version of ${version.groupName} serves`,
    `api/models/groups/${encodeURIComponent(version.groupName)}/serving`,
  );
  return serving.find((p) => p.version === version.version && p.until === undefined)?.promotedBy.principal;
}
