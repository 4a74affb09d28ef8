/** The query levels of QIDO-RS (PS3.18 10.6). */
export type QidoLevel = 'studies' | 'series' | 'instances';

/** A QIDO-RS query, parsed and checked (PS3.18 8.3.4): what a store needs to answer it. */
export interface QidoQuery {
  level: QidoLevel;
  /** From the path: /studies/{study}/series, /studies/{study}/series/{series}/instances. */
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  /** Matching keys by keyword, each a list of accepted values: a UID list, or one value with `*`/`?`
   *  wildcards, or a date or time range `a-b` (either end may be open). */
  match: Record<string, string[]>;
  /** Extra attributes to return (keywords, or tags of private attributes), or 'all'. */
  includeField: string[] | 'all';
  limit: number;
  offset: number;
}
