/** True for a DA value (YYYYMMDD) that names a day of the Gregorian calendar: 20240229 yes, 20230229 and 20241301 no. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time zone shifts it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a TM value (HH, HHMM, HHMMSS, HHMMSS.F to .FFFFFF) that is a time of day; SS may be 60, a leap second (PS3.5 6.2). */
export function isTimeOfDay(value: string): boolean {
  const match = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.\d{1,6})?)?)?$/.exec(value);
  if (!match) return false;
  const [hours, minutes, seconds] = match.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return hours <= 23 && minutes <= 59 && seconds <= 60;
}
