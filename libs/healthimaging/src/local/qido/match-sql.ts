import { HealthImagingError } from '../../health-imaging-error';

/** A WHERE fragment and its parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

/** Values of a matching key, split where clients pack a list into one parameter (`a,b` or `a\b`). */
export function listValues(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(/[,\\]/))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** UID list matching (PS3.4 C.2.2.2.2): any of the UIDs. */
export function uidListMatch(column: string, values: string[]): Condition | undefined {
  const uids = listValues(values);
  if (uids.length === 0) return undefined;
  return { sql: `${column} IN (${uids.map(() => '?').join(', ')})`, params: uids };
}

/**
 * Single value matching, with `*` and `?` wildcards (PS3.4 C.2.2.2.1, C.2.2.2.4). Person names
 * match case-insensitively, as most archives do; other values exactly.
 */
export function valueMatch(column: string, values: string[], caseInsensitive = false): Condition | undefined {
  const value = values.find((v) => v !== '');
  if (value === undefined || value === '*') return undefined;
  if (!/[*?]/.test(value)) {
    return caseInsensitive ? { sql: `${column} = ? COLLATE NOCASE`, params: [value] } : { sql: `${column} = ?`, params: [value] };
  }
  if (caseInsensitive) {
    const pattern = value
      .replace(/[\\%_]/g, (c) => `\\${c}`)
      .replace(/\*/g, '%')
      .replace(/\?/g, '_');
    return { sql: `${column} LIKE ? ESCAPE '\\'`, params: [pattern] };
  }
  return { sql: `${column} GLOB ?`, params: [value.replace(/\[/g, '[[]')] };
}

/** One of several values, each possibly with wildcards (ModalitiesInStudy=CT,MR). */
export function anyValueMatch(column: string, values: string[]): Condition | undefined {
  const list = listValues(values);
  if (list.length === 0) return undefined;
  const parts = list.map((v) => valueMatch(column, [v])).filter((c): c is Condition => c !== undefined);
  if (parts.length < list.length) return undefined; // one of them is '*': everything matches
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

/**
 * Range matching for DA and TM (PS3.4 C.2.2.2.5): `a-b`, `a-`, `-b` or a single value. Comparison
 * is on the value's leading characters as long as the bound, so `-1200` takes in 120000.5.
 */
export function rangeMatch(column: string, values: string[], keyword: string, kind: 'DA' | 'TM'): Condition | undefined {
  const value = values.find((v) => v !== '');
  if (value === undefined) return undefined;
  const pattern = kind === 'DA' ? /^\d{8}$/ : /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;
  const [from, to, extra] = value.split('-');
  const check = (bound: string | undefined) => {
    if (bound !== undefined && bound !== '' && !pattern.test(bound)) {
      throw new HealthImagingError(
        'ValidationException',
        `${keyword} '${value}' is not a ${kind === 'DA' ? 'date (YYYYMMDD)' : 'time (HHMMSS)'} or a range of them`,
      );
    }
  };
  if (extra !== undefined) check('x');
  check(from);
  check(to);
  if (to === undefined) return { sql: `${column} = ?`, params: [from] };
  const parts: Condition[] = [];
  // Whole dates compare as they are (the index serves them); partial times by their leading characters.
  if (from) parts.push({ sql: kind === 'DA' ? `${column} >= ?` : `substr(${column}, 1, ${from.length}) >= ?`, params: [from] });
  if (to) parts.push({ sql: kind === 'DA' ? `${column} <= ?` : `substr(${column}, 1, ${to.length}) <= ?`, params: [to] });
  if (parts.length === 0) return undefined;
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}
