import { keywordOf, tagOfKeyword } from '@triage/dicom';
import type { QidoLevel, QidoQuery } from './qido-query';
import { isCalendarDate, isTimeOfDay } from './check-date-time';
import { MATCHING_KEYS, type KeyKind } from './matching-keys';

/** A query parameter that cannot be answered, named so the client can fix it. */
export class QidoParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/** What {@link parseQidoQuery} makes of a query string. */
export interface ParsedQido {
  query: QidoQuery;
  /** Warning header values (RFC 9111 5.5: `299 - "text"`) for what was accepted but not honoured. */
  warnings: string[];
}

/** Results per response when the client does not say; a larger `limit` is clamped to {@link MAX_LIMIT}. */
export const DEFAULT_LIMIT = 1000;
/** The most results one QIDO-RS response carries. */
export const MAX_LIMIT = 10000;

const UID = /^[0-9]+(\.[0-9]+)*$/;
const DATE = /^\d{8}$/;
const TIME = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;
const CODE = /^[A-Z0-9 _]{1,16}$/;
const NUMBER = /^[+-]?\d{1,12}$/;

/**
 * Parses a QIDO-RS query string (PS3.18 8.3.4): attribute matching by keyword or tag, UID lists
 * (comma-separated or repeated), date and time ranges, wildcards in text keys, `limit`, `offset`,
 * `includefield` (repeatable, comma lists, `all`) and `fuzzymatching` (accepted, not supported:
 * matching stays exact and a Warning says so). Throws {@link QidoParameterError} naming the parameter.
 */
export function parseQidoQuery(
  level: QidoLevel,
  raw: Record<string, string | string[] | undefined>,
  path: { studyInstanceUid?: string; seriesInstanceUid?: string } = {},
): ParsedQido {
  const match: Record<string, string[]> = {};
  const include = new Set<string>();
  let includeAll = false;
  let limit = DEFAULT_LIMIT;
  let offset = 0;
  const warnings: string[] = [];
  const keys = MATCHING_KEYS[level];

  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    switch (name.toLowerCase()) {
      case 'limit':
        limit = single(name, values, /^0*[1-9]\d{0,8}$/, 'a positive integer');
        if (limit > MAX_LIMIT) {
          warnings.push(`299 - "limit ${limit} is above the maximum: at most ${MAX_LIMIT} results are returned"`);
          limit = MAX_LIMIT;
        }
        continue;
      case 'offset':
        offset = single(name, values, /^\d{1,9}$/, 'a non-negative integer');
        continue;
      case 'fuzzymatching':
        single(name, values, /^(true|false)$/, 'true or false');
        if (values[0] === 'true') warnings.push('299 - "fuzzymatching is not supported: matching is exact"');
        continue;
      case 'includefield':
        for (const field of values.flatMap((v) => v.split(',')).map((v) => v.trim())) {
          if (field === 'all') includeAll = true;
          else include.add(attributeKeyword(name, field));
        }
        continue;
    }
    const keyword = attributeKeyword(name, name);
    const kind = keys[keyword];
    if (!kind) {
      throw new QidoParameterError(
        name,
        `${name} is not a matching key at the ${level} level; matching keys: ${Object.keys(keys).join(', ')}`,
      );
    }
    const accepted = values.flatMap((v) => (kind === 'text' ? [v] : v.split(','))).map((v) => v.trim());
    // An empty value is universal matching (PS3.4 C.2.2.2.3): no constraint, but the attribute is returned.
    if (accepted.every((v) => v === '')) {
      include.add(keyword);
      continue;
    }
    // Single value matching (text, dates, times) takes one value; lists are for UIDs, codes and numbers.
    if ((kind === 'text' || kind === 'date' || kind === 'time') && (accepted.length > 1 || match[keyword])) {
      throw new QidoParameterError(name, `${name} takes one value (with * and ? wildcards for text, or a range for dates and times)`);
    }
    for (const v of accepted) checkValue(name, kind, v);
    (match[keyword] ??= []).push(...accepted);
  }

  return {
    query: { level, ...path, match, includeField: includeAll ? 'all' : [...include], limit, offset },
    warnings,
  };
}

/** The keyword of an attribute named by keyword (`PatientName`) or tag (`00100010`). */
function attributeKeyword(parameter: string, attribute: string): string {
  if (/^[0-9A-Fa-f]{8}$/.test(attribute)) {
    const keyword = keywordOf(attribute);
    if (keyword) return keyword;
    // Private attributes have no keyword: they can be returned by tag, not matched.
    if (parseInt(attribute.slice(0, 4), 16) % 2 === 1) return attribute.toUpperCase();
    throw new QidoParameterError(parameter, `${attribute} is not a tag of the DICOM data dictionary`);
  }
  if (tagOfKeyword(attribute)) return attribute;
  throw new QidoParameterError(parameter, `${attribute} is neither a DICOM keyword nor a tag (8 hex digits)`);
}

function single(name: string, values: string[], pattern: RegExp, what: string): number {
  if (values.length !== 1 || !pattern.test(values[0]))
    throw new QidoParameterError(name, `${name} must be ${what}, once; got ${JSON.stringify(values.join(','))}`);
  return Number(values[0]);
}

function checkValue(name: string, kind: KeyKind, value: string): void {
  const fail = (what: string) => {
    throw new QidoParameterError(name, `${name}=${JSON.stringify(value)} is not ${what}`);
  };
  switch (kind) {
    case 'uid':
      if (value.length > 64 || !UID.test(value)) fail('a UID (digits and dots, at most 64 characters) or a comma-separated list of them');
      return;
    case 'date': {
      const what = 'a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open)';
      if (!isRange(value, DATE) || (value.includes('-') && !inOrder(value))) fail(what);
      // Well formed but impossible (month 13, 30 February) would match nothing: say so instead.
      const impossible = ends(value).find((end) => !isCalendarDate(end));
      if (impossible !== undefined) fail(`${what}: ${impossible} is not a day of the calendar`);
      return;
    }
    case 'time': {
      const what = 'a time HHMMSS.FFFFFF or a range of them';
      if (!isRange(value, TIME)) fail(what);
      const impossible = ends(value).find((end) => !isTimeOfDay(end));
      if (impossible !== undefined) fail(`${what}: ${impossible} is not a time of day`);
      return;
    }
    case 'code':
      if (!CODE.test(value))
        fail('a code string (upper-case letters, digits, space, underscore; at most 16) or a comma-separated list of them');
      return;
    case 'number':
      if (!NUMBER.test(value)) fail('an integer or a comma-separated list of integers');
      return;
    case 'text':
      // A backslash would be read as a value separator; control characters are never in these VRs.
      // eslint-disable-next-line no-control-regex
      if (value.length > 64 * 3 || /[\\\u0000-\u001f]/.test(value))
        fail('a text value of at most 192 characters without backslash or control characters');
  }
}

function isRange(value: string, pattern: RegExp): boolean {
  const parts = value.split('-');
  if (parts.length === 1) return pattern.test(value);
  if (parts.length !== 2 || (parts[0] === '' && parts[1] === '')) return false;
  return parts.every((p) => p === '' || pattern.test(p));
}

/** The ends of a value or range that are given (an open end is left out). */
function ends(value: string): string[] {
  return value.split('-').filter((end) => end !== '');
}

function inOrder(range: string): boolean {
  const [from, to] = range.split('-');
  return from === '' || to === '' || from <= to;
}
