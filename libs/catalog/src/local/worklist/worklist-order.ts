import type { WorklistSortKey } from '../../catalog';

/** The column each sort key orders by; `nullable` columns put their missing values last in both directions. */
const SORT_COLUMNS: Record<WorklistSortKey, { column: string; nullable: boolean }> = {
  priority: { column: 'priority', nullable: true },
  studyDate: { column: 'study_date', nullable: true },
  patientName: { column: 'patient_name_search', nullable: true },
  modality: { column: 'modalities_key', nullable: false },
  studyDescription: { column: 'description_search', nullable: true },
  instances: { column: 'instances', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
};

/**
 * The ORDER BY terms of a sort, written so that one index per key and direction serves it
 * (SQLite puts NULLs first ascending: `col IS NULL` first keeps them last). Priority ties go to the
 * newest study; every other tie to the image set id, so pages never overlap.
 */
export function orderTerms(sort: WorklistSortKey, order: 'asc' | 'desc', table = ''): string[] {
  const { column: name, nullable } = SORT_COLUMNS[sort];
  const column = `${table}${name}`;
  const terms = order === 'desc' ? [`${column} DESC`] : [...(nullable ? [`${column} IS NULL`] : []), `${column} ASC`];
  if (sort === 'priority') terms.push(`${table}study_date DESC`);
  terms.push(`${table}image_set_id ASC`);
  return terms;
}

/** One index per sort key and direction, each with exactly the terms {@link orderTerms} orders by. */
export function sortIndexesSql(): string {
  return Object.keys(SORT_COLUMNS)
    .flatMap((key) =>
      (['asc', 'desc'] as const).map((order) => {
        const terms = orderTerms(key as WorklistSortKey, order).map((t) => t.replace(/ ASC$/, ''));
        return `CREATE INDEX IF NOT EXISTS worklist_by_${key}_${order} ON worklist_items(datastore_id, ${terms.join(', ')});`;
      }),
    )
    .join('\n');
}
