/** One value of a command or association field, or why there is none. */
export type SingleValue = { value: string } | { problem: string };

/**
 * The one text value of a field as dcmjs-dimse hands it back. Nothing it returns is trusted: a
 * backslash makes a UI element an array (string[]), a peer may send a number, or nothing at all.
 * `name` names the field in the problem, which goes back to the peer as the Error Comment.
 */
export function singleValue(raw: unknown, name: string): SingleValue {
  if (Array.isArray(raw)) {
    if (raw.length > 1) return { problem: `${name} has ${raw.length} values` };
    return singleValue(raw[0], name);
  }
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (raw === undefined || raw === null) text = '';
  else return { problem: `${name} is not text` };
  // UI values are NUL padded, text values space padded (PS3.5 6.2).
  const value = text.replace(/^[\0 ]+|[\0 ]+$/g, '');
  return value ? { value } : { problem: `${name} is missing` };
}
