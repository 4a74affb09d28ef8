import { App } from 'aws-cdk-lib';
import { addNagPacks } from '@triage/aws-constructs';
import { environmentsFromContext } from './environments';
import { addTriageEnvironment } from './triage-app';

// The CDK app (cdk.json's "app"): `-c env=dev|staging|prod` picks one environment, none builds all three. No lookups:
// synthesis needs neither credentials nor network.
const app = new App();
for (const environment of environmentsFromContext((key) => app.node.tryGetContext(key))) addTriageEnvironment(app, environment);
addNagPacks(app);
app.synth();
