/** A DICOM DA (YYYYMMDD) as an ISO date (YYYY-MM-DD); anything else as given. */
export function formatDicomDate(da: string | undefined): string {
  if (!da || !/^\d{8}$/.test(da)) return da ?? '';
  return `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;
}

/** An ISO date input value (YYYY-MM-DD) as a DICOM DA; empty stays undefined. */
export function toDicomDate(isoDate: string): string | undefined {
  return isoDate ? isoDate.replaceAll('-', '') : undefined;
}

/** A DICOM PN for people: components separated by `^` read as "Family, Given Middle". */
export function formatPersonName(pn: string | undefined): string {
  if (!pn) return '';
  const [family = '', given = '', middle = ''] = pn.split('=')[0].split('^');
  const rest = [given, middle].filter(Boolean).join(' ');
  return rest ? `${family}, ${rest}` : family;
}

/** An ISO 8601 time stamp in the browser's locale. */
export function formatTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}
