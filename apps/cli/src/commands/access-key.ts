import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { CliError } from '../support/cli-error';
import { formatTable } from '../support/table';

/** The roles a key can act as (the table is in libs/platform/README.md). */
const ROLES = ['admin', 'clinician', 'data-scientist', 'auditor'];

interface CreateOptions extends ApiOptions {
  role: string;
  name: string;
}

/** `triage access-key create|revoke|list`: SigV4 access keys for the HealthImaging API through /admin/access-keys (an admin's token). */
export function registerAccessKey(program: Command): void {
  const accessKey = program
    .command('access-key')
    .description('issue, list and revoke HealthImaging API access keys (needs an admin token)');

  withApiOptions(
    accessKey
      .command('create')
      .description('issue an access key acting as a role; its secret is printed once, on stdout')
      .requiredOption('--name <name>', 'what the key is for: letters, digits, . _ @ -')
      .requiredOption('--role <role>', ROLES.join(', ')),
  ).action(async (options: CreateOptions) => {
    if (!ROLES.includes(options.role)) throw new CliError(`--role: '${options.role}' is not one of ${ROLES.join(', ')}`, 2);
    const response = expectOk(
      `access-key create ${options.name}`,
      await apiRequest(apiTarget(options), 'admin/access-keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: options.name, role: options.role }),
      }),
    );
    const issued = JSON.parse(response.body.toString('utf8')) as {
      accessKeyId: string;
      secretAccessKey: string;
      name: string;
      role: string;
    };
    // The pair alone on stdout, in the form `eval $(triage access-key create ...)` or an .env file takes; the rest on stderr.
    process.stderr.write(`issued a ${issued.role} access key for ${issued.name} (the secret is shown once, store it now):\n`);
    process.stdout.write(`AWS_ACCESS_KEY_ID=${issued.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${issued.secretAccessKey}\n`);
  });

  withApiOptions(accessKey.command('revoke').description('withdraw an access key').argument('<id>', 'the access key id')).action(
    async (id: string, options: ApiOptions) => {
      expectOk(
        `access-key revoke ${id}`,
        await apiRequest(apiTarget(options), `admin/access-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
      );
      process.stdout.write(`revoked the access key ${id}\n`);
    },
  );

  withApiOptions(
    accessKey
      .command('list')
      .description('the access keys, their names and roles (never a secret)')
      .option('--json', 'print the JSON the server returned'),
  ).action(async (options: ApiOptions & { json?: boolean }) => {
    const response = expectOk('access-key list', await apiRequest(apiTarget(options), 'admin/access-keys'));
    const { accessKeys } = JSON.parse(response.body.toString('utf8')) as {
      accessKeys: { accessKeyId: string; name: string; role: string; createdAt: string }[];
    };
    if (options.json) process.stdout.write(JSON.stringify(accessKeys, null, 2) + '\n');
    else
      process.stdout.write(
        formatTable(
          ['ACCESS KEY ID', 'NAME', 'ROLE', 'ISSUED'],
          accessKeys.map((k) => [k.accessKeyId, k.name, k.role, k.createdAt]),
        ),
      );
  });
}
