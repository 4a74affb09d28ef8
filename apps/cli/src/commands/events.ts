import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { formatTable } from '../support/table';

/** A dead letter as GET /admin/events/dead-letters answers it. */
interface DeadLetterRow {
  eventId: string;
  subscriber: string;
  detailType: string;
  attempts: number;
  lastError: string;
  deadAt: string;
  event: unknown;
}

interface ListOptions extends ApiOptions {
  subscriber?: string;
  limit?: string;
  json?: boolean;
}

interface ReplayOptions extends ApiOptions {
  event: string[];
  subscriber?: string;
}

/** `triage events dlq list|replay`: the event bus's dead letters through the running API (an admin's token). */
export function registerEvents(program: Command): void {
  const events = program.command('events').description('the event bus (needs an admin token)');
  const dlq = events.command('dlq').description('deliveries that failed every attempt: list them, replay them');

  withApiOptions(
    dlq
      .command('list')
      .description('dead letters, oldest first')
      .option('--subscriber <name>', "only this subscriber's")
      .option('--limit <n>', 'at most this many (default 100)')
      .option('--json', 'print the JSON the server returned'),
  ).action(async (options: ListOptions) => {
    const query = new URLSearchParams();
    if (options.subscriber !== undefined) query.set('subscriber', options.subscriber);
    if (options.limit !== undefined) query.set('limit', options.limit);
    const response = expectOk('events dlq list', await apiRequest(apiTarget(options), 'admin/events/dead-letters', { query }));
    const { deadLetters } = JSON.parse(response.body.toString('utf8')) as { deadLetters: DeadLetterRow[] };
    if (options.json) process.stdout.write(JSON.stringify(deadLetters, null, 2) + '\n');
    else
      process.stdout.write(
        formatTable(
          ['EVENT', 'SUBSCRIBER', 'DETAIL TYPE', 'ATTEMPTS', 'DEAD AT', 'LAST ERROR'],
          deadLetters.map((d) => [d.eventId, d.subscriber, d.detailType, String(d.attempts), d.deadAt, oneLine(d.lastError)]),
        ),
      );
  });

  withApiOptions(
    dlq
      .command('replay')
      .description('put dead letters back on the queue with fresh attempts (none selected: all of them)')
      .option('--event <id>', 'only this event (repeat for more)', (id: string, ids: string[]) => [...ids, id], [] as string[])
      .option('--subscriber <name>', "only this subscriber's"),
  ).action(async (options: ReplayOptions) => {
    const body = {
      ...(options.event.length > 0 && { eventIds: options.event }),
      ...(options.subscriber !== undefined && { subscriber: options.subscriber }),
    };
    const response = expectOk(
      'events dlq replay',
      await apiRequest(apiTarget(options), 'admin/events/dead-letters/replay', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    const { replayed } = JSON.parse(response.body.toString('utf8')) as { replayed: number };
    process.stdout.write(`replayed ${replayed} dead letter${replayed === 1 ? '' : 's'}\n`);
  });
}

/** A handler's error message on one table line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200);
}
