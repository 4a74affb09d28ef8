import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ApiTarget } from '../client/api-target';
import { CliError } from '../support/cli-error';
import { formatTable } from '../support/table';
import { awaitPromotion, promotedBy, registeredVersion } from './await-model';
import { executionId, issueToken, type DemoModelVersion } from './demo-api';
import { DEMO_MODEL_GROUP, demoMlopsConfig, type DemoOptions } from './demo-options';
import { evaluationLines, testSetFigures } from './evaluation-summary';
import { awaitTriggeredExecution, followExecution } from './follow-pipeline';
import { startPlatform, MLOPS_CONFIG_FILE, type DemoPlatform } from './start-platform';
import { StageClock, say, stageProgress } from './stage-progress';
import { awaitListed, storeStudies, type DemoStudy } from './store-studies';
import { awaitTriaged, type TriagedStudy } from './triaged-order';
import { summariseTriage } from './triage-summary';
import { verifyLabels } from './verify-labels';

/** The name the demo's clinician token is issued to (the labels' origin). */
const CLINICIAN = 'demo-clinician';

/**
 * `triage demo`: the whole loop on synthetic chest radiographs, driven through the HTTP API only.
 * Starts the platform on a fresh data folder with the demo's mlops.json; stores the training
 * studies; verifies labels as a clinician; waits for the trigger's run, the registered version and
 * its promotion by policy; stores new studies and shows how the promoted model ordered them. A
 * version below the bar ends the demo there (exit 0), saying how to approve it.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const clock = new StageClock();
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'triage-demo-'));
  if (options.dataDir) ensureFresh(dataDir);
  let platform: DemoPlatform | undefined;
  let cleaned = false;
  const cleanUp = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    await platform?.stop();
    if (!options.keep && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let interrupted: Promise<void> | undefined;
  const interrupt = (signal: NodeJS.Signals) => {
    say(`\n${signal}: stopping the platform`);
    interrupted ??= cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let clinicianToken = '';
  try {
    say(
      `triage demo: ${options.studies} studies, ${options.verify} verified, ${options.newStudies} new; seed ${JSON.stringify(options.seed)}`,
    );
    const running = await clock.stage('platform', '1/6 starting the platform', async () => {
      const mlops = demoMlopsConfig(options);
      const started = await startPlatform({ dataDir, mlops, port: options.port });
      say(`   API ${started.url} from ${started.entry}`);
      say(`   data in ${dataDir} (the API's log: ${started.logFile})`);
      say(`   ${MLOPS_CONFIG_FILE}: ${JSON.stringify(mlops)}`);
      if (options.keep) say(`   admin token (the demo's, kept with the data): ${started.adminToken}`);
      return started;
    });
    platform = running;
    const admin: ApiTarget = { baseUrl: new URL(`${running.url}/`), token: running.adminToken };
    clinicianToken = await issueToken(admin, CLINICIAN, 'clinician');
    const clinician: ApiTarget = { baseUrl: admin.baseUrl, token: clinicianToken };

    const studies = await clock.stage('studies', `2/6 ${options.studies} synthetic chest radiographs, stored through STOW-RS`, () =>
      storeAndList(admin, clinician, options.studies, options.seed, options),
    );

    const toVerify = studies.slice(0, options.verify);
    await clock.stage('labels', `3/6 ${toVerify.length} labels verified by ${CLINICIAN} through the label API`, async () => {
      const bar = stageProgress('verify', toVerify.length);
      await verifyLabels(clinician, toVerify, () => bar.tick());
      bar.stop();
      say(`   ${toVerify.length} verified: ${countTruth(toVerify)}`);
    });

    const version = await clock.stage('model', '4/6 the trigger starts the pipeline; the registry decides', () =>
      trainedModel(admin, running, dataDir, options, toVerify.length),
    );
    if (version.approvalStatus !== 'Approved') {
      explainPending(version, running, dataDir, options);
      say(`\n== times\n${clock.summary()}`);
      return;
    }

    await clock.stage('triage', `5/6 ${options.newStudies} new studies, triaged by ${version.groupName}/${version.version}`, async () => {
      const fresh = await storeAndList(admin, clinician, options.newStudies, `${options.seed}-new`, options);
      const bar = stageProgress('scored', fresh.length);
      const order = await awaitTriaged(clinician, fresh, options.timeoutMs, (n) => bar.tick(n));
      bar.stop();
      showTriage(order);
    });

    say(`\n== 6/6 times\n${clock.summary()}`);
    if (options.keep) explainKept(dataDir, running, clinicianToken);
  } catch (error) {
    // A request cut by the interruption is not the demo's failure: the process ends with 130 once the platform stopped.
    if (interrupted) await interrupted;
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await cleanUp();
  }
}

/** A data folder given with --data-dir must be new or empty: the demo's counts and its trigger assume a fresh platform. */
function ensureFresh(dir: string): void {
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0))
    throw new CliError(`--data-dir ${dir}: not an empty folder (the demo starts the platform on a fresh one)`, 2);
}

/** Generates and stores `count` studies with a progress bar, then waits for the worklist to list them. */
async function storeAndList(
  admin: ApiTarget,
  clinician: ApiTarget,
  count: number,
  seed: string,
  options: DemoOptions,
): Promise<DemoStudy[]> {
  const bar = stageProgress('store', count);
  const stored = await storeStudies(admin, {
    count,
    seed,
    size: options.size,
    prevalence: options.prevalence,
    onStored: (n) => bar.tick(n),
  });
  bar.stop();
  const listed = await awaitListed(clinician, stored, options.timeoutMs);
  say(
    `   ${listed.length} stored (${options.size}x${options.size}, seed ${JSON.stringify(seed)}): ${countTruth(listed)}; all on the worklist`,
  );
  return listed;
}

/** Waits for the trigger's run, follows it, and returns the version it registered: promoted when Approved. */
async function trainedModel(
  admin: ApiTarget,
  platform: DemoPlatform,
  dataDir: string,
  options: DemoOptions,
  verified: number,
): Promise<DemoModelVersion> {
  say(`   waiting for the trigger (trigger.minNewLabels ${options.minNewLabels}; the demo starts no run itself)`);
  const execution = await awaitTriggeredExecution(admin, options.triggerTimeoutMs, `${verified} labels were verified`, platform.entry);
  const id = executionId(execution.PipelineExecutionArn);
  say(`   run ${id} started by ${execution.CreatedBy}`);
  const done = await followExecution(admin, id, options.timeoutMs);
  const registered = await registeredVersion(admin, DEMO_MODEL_GROUP, execution.PipelineExecutionArn, options.timeoutMs);
  const threshold =
    done.execution.PipelineParameters.find((p) => p.Name === 'AccuracyThreshold')?.Value ?? options.accuracyThreshold ?? 0.85;
  say(`   registered ${registered.groupName}/${registered.version}: ${registered.approvalStatus}`);
  say('   evaluation on the held-out test split:');
  for (const line of evaluationLines(registered, await testSetFigures(admin, dataDir, registered))) say(`     ${line}`);
  const accuracy = registered.metrics.accuracy?.value;
  const against = `test accuracy ${accuracy === undefined ? 'n/a' : accuracy.toFixed(3)} ${registered.approvalStatus === 'Approved' ? '>=' : '<'} ${threshold}`;
  if (registered.approvalStatus !== 'Approved') {
    say(`   decision: ${registered.approvalStatus} (${against})`);
    return registered;
  }
  const promoted = await awaitPromotion(admin, registered, options.timeoutMs);
  const by = await promotedBy(admin, promoted);
  say(
    `   decision: Approved by ${promoted.approvedBy?.principal ?? 'the CheckAccuracy condition'} (${against}); promoted by ${by ?? 'unknown'}${
      by?.startsWith('policy:') ? ' (the promotion policy)' : ''
    }: it scores new studies now`,
  );
  return promoted;
}

/** The demo's end when the version stayed below the bar. */
function explainPending(version: DemoModelVersion, platform: DemoPlatform, dataDir: string, options: DemoOptions): void {
  const ref = `${version.groupName}/${version.version}`;
  say(`\n   ${ref} stays ${version.approvalStatus}: its test accuracy is below the bar, so nothing was promoted and the demo stops here.`);
  say('   A data scientist or an admin can approve it after reviewing the evaluation (promotion.policy auto then promotes it):');
  if (options.keep) {
    say(`     npm run triage -- up --data-dir ${dataDir}`);
    say(`     npm run triage -- models approve ${ref} --reason "reviewed the evaluation" --token ${platform.adminToken}`);
  } else {
    say(`     npm run triage -- models approve ${ref} --reason "reviewed the evaluation"   (on a platform kept with --keep)`);
    say("   Rerun with --keep to keep this platform's data, or with more studies (--studies, --verify) for a better model.");
  }
}

/** How to look at what the demo left, with `--keep`. */
function explainKept(dataDir: string, platform: DemoPlatform, clinicianToken: string): void {
  say(`\nkept the platform's data in ${dataDir}. To open the viewer on it:`);
  say(`  npm run triage -- up --data-dir ${dataDir}`);
  say(`  then http://127.0.0.1:8080, signed in with the clinician token ${clinicianToken} (or the admin token ${platform.adminToken})`);
}

/** The worklist's order of the new studies, and how well it put the urgent ones first. */
function showTriage(order: TriagedStudy[]): void {
  const versions = [...new Set(order.map((s) => s.modelVersion))];
  say(`   every new study scored (by ${versions.join(', ')}); the worklist, most urgent first (top 10 of the new studies):`);
  const rows = order.slice(0, 10).map((s) => [String(s.rank), String(s.worklistPosition), s.priority.toFixed(3), s.truth]);
  for (const line of formatTable(['RANK', 'WORKLIST', 'PRIORITY', 'TRUTH'], rows).trimEnd().split('\n')) say(`     ${line}`);
  const summary = summariseTriage(order.map((s) => ({ priority: s.priority, urgent: s.truth === 'pneumonia' })));
  say(
    `   headline: ${summary.urgentInFirstTenth} of the ${summary.urgent} urgent (pneumonia) studies in the first tenth of the worklist (its top ${summary.firstTenth} of ${summary.studies}); by chance ${summary.expectedByChance.toFixed(1)}`,
  );
  say(
    `   AUC of the priority on these ${summary.studies} studies: ${summary.auc === null ? 'n/a (one class only)' : summary.auc.toFixed(3)}`,
  );
}

/** `88 pneumonia, 212 normal` */
function countTruth(studies: ReadonlyArray<DemoStudy>): string {
  const pneumonia = studies.filter((s) => s.truth === 'pneumonia').length;
  return `${pneumonia} pneumonia, ${studies.length - pneumonia} normal`;
}
