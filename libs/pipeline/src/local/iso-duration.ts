/** Milliseconds of an ISO 8601 duration (`P30D`, `PT1H`, `P1DT2H30M`, `P1W`; years and months as 365 and 30 days), as CacheConfig's ExpireAfter gives it. */
export function isoDurationMs(duration: string): number {
  const match =
    /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      duration,
    );
  if (!match || duration === 'P' || duration.endsWith('T')) throw new Error(`${JSON.stringify(duration)} is not an ISO 8601 duration`);
  const [, y, mo, w, d, h, mi, s] = match.map((part) => Number(part ?? 0));
  const day = 24 * 3600 * 1000;
  return y * 365 * day + mo * 30 * day + w * 7 * day + d * day + h * 3600 * 1000 + mi * 60 * 1000 + s * 1000;
}
