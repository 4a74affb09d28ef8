/**
 * The form patient names and descriptions are matched and sorted in: lower case, and a DICOM PN's
 * component separator `^` read as a space, so "doe jane" finds `DOE^JANE`.
 */
export function searchText(value: string): string {
  return value.replaceAll('^', ' ').toLowerCase();
}
