import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { CliError } from '../support/cli-error';
import { formatTable } from '../support/table';

/** The roles the API issues tokens for (the table is in libs/platform/README.md). */
const ROLES = ['admin', 'clinician', 'data-scientist', 'auditor'];

interface CreateOptions extends ApiOptions {
  role: string;
  name: string;
}

/** `triage token create|revoke|list`: bearer tokens through the running API's /admin/tokens (an admin's token). */
export function registerToken(program: Command): void {
  const token = program.command('token').description('issue, list and revoke bearer tokens (needs an admin token)');

  withApiOptions(
    token
      .command('create')
      .description('issue a token; it is printed once, on stdout, and only its hash is kept')
      .requiredOption('--name <name>', 'who holds it: letters, digits, . _ @ -')
      .requiredOption('--role <role>', ROLES.join(', ')),
  ).action(async (options: CreateOptions) => {
    if (!ROLES.includes(options.role)) throw new CliError(`--role: '${options.role}' is not one of ${ROLES.join(', ')}`, 2);
    const target = apiTarget(options);
    const response = expectOk(
      `token create ${options.name}`,
      await apiRequest(target, 'admin/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: options.name, role: options.role }),
      }),
    );
    const issued = JSON.parse(response.body.toString('utf8')) as { name: string; role: string; token: string };
    // The token alone on stdout, so `TOKEN=$(triage token create ...)` works; the rest on stderr.
    process.stderr.write(`issued a ${issued.role} token to ${issued.name} (shown once, store it now):\n`);
    process.stdout.write(`${issued.token}\n`);
  });

  withApiOptions(token.command('revoke').description("withdraw a holder's token").argument('<name>', 'the holder')).action(
    async (name: string, options: ApiOptions) => {
      expectOk(
        `token revoke ${name}`,
        await apiRequest(apiTarget(options), `admin/tokens/${encodeURIComponent(name)}`, { method: 'DELETE' }),
      );
      process.stdout.write(`revoked the token of ${name}\n`);
    },
  );

  withApiOptions(
    token.command('list').description('the holders and their roles').option('--json', 'print the JSON the server returned'),
  ).action(async (options: ApiOptions & { json?: boolean }) => {
    const response = expectOk('token list', await apiRequest(apiTarget(options), 'admin/tokens'));
    const { tokens } = JSON.parse(response.body.toString('utf8')) as { tokens: { name: string; role: string; createdAt: string }[] };
    if (options.json) process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
    else
      process.stdout.write(
        formatTable(
          ['NAME', 'ROLE', 'ISSUED'],
          tokens.map((t) => [t.name, t.role, t.createdAt]),
        ),
      );
  });
}
