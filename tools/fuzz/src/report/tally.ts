import { refusalClass } from '@triage/test-data';
import type { Door, Sent } from '../doors/outcome';
import { recipe } from '../mutate/mutant';

/** Counts of one door. */
export interface DoorTally {
  mutants: number;
  acked: number;
  refused: number;
  /** Refusals by reason class (`refusalClass()` of `@triage/test-data`). */
  refusedBy: Record<string, number>;
  notSent: number;
  serverErrors: number;
  hangs: number;
  unreadable: number;
  neighboursBroken: number;
  /** The reasons no refusal class knows (distinct, the first 10): worth a class or a better wording. */
  unclassified: string[];
}

/** One failed check: which, where, the mutant's recipe (when one mutant is to blame) and what was seen. */
export interface Failure {
  check: 'server-error' | 'hang' | 'crash' | 'unreadable-after-ack' | 'neighbour-broken' | 'original-changed';
  door?: Door;
  recipe?: string;
  detail: string;
}

/** What a run found. */
export interface FuzzReport {
  seed: number;
  doors: Record<Door, DoorTally>;
  crashes: number;
  originals: number;
  originalsChanged: number;
  /** Instances read back as neighbours of acknowledged ones (siblings, earlier mutants), all doors together. */
  neighboursRead: number;
  /** VmHWM of our server child in MiB (NaN when the server was given by --url). */
  peakRssMiB: number;
  durationS: number;
  failures: Failure[];
}

/** An empty tally for a door. */
export function emptyTally(): DoorTally {
  return {
    mutants: 0,
    acked: 0,
    refused: 0,
    refusedBy: {},
    notSent: 0,
    serverErrors: 0,
    hangs: 0,
    unreadable: 0,
    neighboursBroken: 0,
    unclassified: [],
  };
}

/** Adds what a door did with its mutants to the report; 5xx and hangs become failures. */
export function countSent(report: FuzzReport, sent: Sent[]): void {
  for (const s of sent) {
    const tally = report.doors[s.door];
    tally.mutants++;
    const o = s.outcome;
    if (o.kind === 'acked') tally.acked++;
    else if (o.kind === 'refused') {
      tally.refused++;
      const name = refusalClass(o.reason).replace(/^(unclassified): .*/s, '$1');
      if (name === 'unclassified' && tally.unclassified.length < 10 && !tally.unclassified.includes(o.reason))
        tally.unclassified.push(o.reason);
      tally.refusedBy[name] = (tally.refusedBy[name] ?? 0) + 1;
    } else if (o.kind === 'not-sent') tally.notSent++;
    else if (o.kind === 'server-error') {
      tally.serverErrors++;
      report.failures.push({ check: 'server-error', door: s.door, recipe: recipe(s.mutant), detail: o.detail });
    } else {
      tally.hangs++;
      report.failures.push({ check: 'hang', door: s.door, recipe: recipe(s.mutant), detail: o.detail });
    }
  }
}

/** Checks that failed, in all: zero for a clean run. */
export function failureCount(report: FuzzReport): number {
  return report.failures.length;
}
