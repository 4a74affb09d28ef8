import * as fs from 'node:fs';
import { DEPLOY_ENVIRONMENTS, UnknownAppError, planDeploy, planOutputs, planSummary } from './deploy-plan';
import type { DeployEnvironment, DeploySelection } from './deploy-plan';

// .github/workflows/deploy.yml's plan step:
//   node --import tsx tools/workspace/src/workflows/plan-deploy-cli.ts <environment> <apps> <affected.json> [<base sha>]
// prints the plan's step outputs on stdout (for $GITHUB_OUTPUT) and appends its summary to $GITHUB_STEP_SUMMARY.
const [environment = '', apps = 'affected', affectedFile = '', base = ''] = process.argv.slice(2);
try {
  if (!(DEPLOY_ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new UnknownAppError(`environment "${environment}": one of ${DEPLOY_ENVIRONMENTS.join(', ')}`);
  }
  const affected = affectedFile === '' ? [] : (JSON.parse(fs.readFileSync(affectedFile, 'utf8')) as string[]);
  const selection: DeploySelection = {
    environment: environment as DeployEnvironment,
    apps,
    affected,
    ...(base !== '' && { base }),
  };
  const plan = planDeploy(selection);
  process.stdout.write(`${planOutputs(plan)}\n`);
  const summary = process.env['GITHUB_STEP_SUMMARY'];
  if (summary) fs.appendFileSync(summary, planSummary(selection, plan));
} catch (error) {
  if (!(error instanceof UnknownAppError)) throw error;
  process.stderr.write(`plan-deploy: ${error.message}\n`);
  process.exitCode = 2;
}
