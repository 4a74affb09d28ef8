import type { ApiTarget } from '../client/api-target';
import { CliError } from '../support/cli-error';
import { sleep, synthesisedWorklist, type DemoWorklistRow } from './demo-api';
import type { DemoStudy } from './store-studies';

/** A new study where the worklist put it. */
export interface TriagedStudy extends DemoStudy {
  /** 1-based among the new studies, in the worklist's order. */
  rank: number;
  /** 1-based on the whole worklist (the studies stored before are on it too). */
  worklistPosition: number;
  priority: number;
  modelVersion: string;
}

/**
 * Waits until every study has a prediction on the worklist (the platform scores each new image
 * set with the promoted model), then reads the worklist in its default order, most urgent first,
 * and returns the studies in that order.
 */
export async function awaitTriaged(
  clinician: ApiTarget,
  studies: ReadonlyArray<DemoStudy>,
  timeoutMs: number,
  onScored: (scored: number) => void,
): Promise<TriagedStudy[]> {
  const deadline = Date.now() + timeoutMs;
  const wanted = new Map(studies.map((s) => [s.imageSetId, s]));
  let reported = 0;
  for (;;) {
    const rows = await synthesisedWorklist(clinician, 'priority');
    const mine = rows.map((row, i) => ({ row, position: i + 1 })).filter(({ row }) => wanted.has(row.imageSetId)) as {
      row: DemoWorklistRow;
      position: number;
    }[];
    const scored = mine.filter(({ row }) => row.prediction).length;
    if (scored > reported) {
      onScored(scored - reported);
      reported = scored;
    }
    if (scored === studies.length)
      return mine.map(({ row, position }, i) => ({
        ...(wanted.get(row.imageSetId) as DemoStudy),
        rank: i + 1,
        worklistPosition: position,
        priority: row.prediction?.priority ?? NaN,
        modelVersion: row.prediction?.modelVersion ?? '',
      }));
    if (Date.now() > deadline)
      throw new CliError(
        `${scored} of the ${studies.length} new studies have a prediction after ${timeoutMs / 1000} s (the image-ingestion handler scores each new image set with the promoted model: is it wired in?)`,
      );
    await sleep(500);
  }
}
