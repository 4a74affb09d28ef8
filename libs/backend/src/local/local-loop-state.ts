import * as path from 'node:path';
import { SqliteEvaluationStore, SqliteProcessedEvents, SqliteTriggerState } from '@triage/mlops';
import type { LoopState } from '../backend';

/** The loop's state under `<data>/mlops/`: one SQLite file per part (the trigger's claims, handled events, decisions). */
export function openLocalLoopState(dataDir: string): LoopState & { close(): void } {
  const file = (name: string) => path.join(dataDir, 'mlops', name);
  const trigger = SqliteTriggerState.open({ file: file('trigger.sqlite') });
  const processed = SqliteProcessedEvents.open({ file: file('processed-events.sqlite') });
  const evaluations = SqliteEvaluationStore.open({ file: file('evaluations.sqlite') });
  return {
    trigger,
    processed,
    evaluations,
    close() {
      evaluations.close();
      processed.close();
      trigger.close();
    },
  };
}
