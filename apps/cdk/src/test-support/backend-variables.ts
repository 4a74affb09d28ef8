import { AWS_SETTINGS_ENV } from '@triage/backend';

/**
 * What every function and the API task must be given: the backend choice, the environment, and each name the AWS
 * backend reads (libs/backend's aws-settings.ts), so a stack and the code that reads its variables cannot drift apart.
 */
export const BACKEND_VARIABLES: readonly string[] = ['TRIAGE_BACKEND', 'TRIAGE_ENV', ...Object.values(AWS_SETTINGS_ENV)];
