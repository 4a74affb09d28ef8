import type { DatastoreId } from '@triage/dicom';
import type { Catalog, Finding, StudySummary, WorklistQuery } from '../catalog';

/** One fixture item: its summary fields, the prediction's priority and finding, and the label set on it (if any). */
interface FixtureItem {
  id: string;
  name?: string;
  date?: string;
  modalities: string[];
  description?: string;
  instances: number;
  /** Minute of 2024-06-01T10:mm:00Z. */
  updatedMinute: number;
  prediction?: { priority: number; finding: Finding };
  label?: { kind: 'clinician' | 'model'; finding: Finding };
}

// Chosen so every sort has ties and NULLs to place, and every filter has near misses:
// DOE^JANE / DOE^JOHN / DOEBLER^MAX share a prefix; 01, 02, 08 tie on priority and date;
// 06 has no name, 07 no date and no description; 04 holds two modalities; 08's description holds % and _.
export const FIXTURE_ITEMS: readonly FixtureItem[] = [
  {
    id: 'ws01',
    name: 'DOE^JANE',
    date: '20240105',
    modalities: ['CR'],
    description: 'Chest PA',
    instances: 1,
    updatedMinute: 5,
    prediction: { priority: 0.9, finding: 'pneumonia' },
  },
  {
    id: 'ws02',
    name: 'DOE^JOHN',
    date: '20240105',
    modalities: ['CT'],
    description: 'CT Chest',
    instances: 120,
    updatedMinute: 1,
    prediction: { priority: 0.9, finding: 'pneumonia' },
  },
  {
    id: 'ws03',
    name: 'SMITH^ANNA',
    date: '20240110',
    modalities: ['DX'],
    description: 'Chest PA and lateral',
    instances: 2,
    updatedMinute: 9,
    prediction: { priority: 0.3, finding: 'normal' },
    label: { kind: 'clinician', finding: 'normal' },
  },
  {
    id: 'ws04',
    name: "O'BRIEN^SEAN",
    date: '20231231',
    modalities: ['PT', 'CT'],
    description: 'PET-CT whole body',
    instances: 400,
    updatedMinute: 3,
    prediction: { priority: 0.75, finding: 'pneumonia' },
    label: { kind: 'clinician', finding: 'normal' },
  },
  { id: 'ws05', name: 'MÜLLER^JÖRG', date: '20240201', modalities: ['DX'], description: 'chest AP', instances: 1, updatedMinute: 11 },
  {
    id: 'ws06',
    date: '20240115',
    modalities: ['MR'],
    description: 'Brain',
    instances: 50,
    updatedMinute: 2,
    prediction: { priority: 0.1, finding: 'normal' },
  },
  { id: 'ws07', name: 'NGUYEN^VAN', modalities: ['DX'], instances: 1, updatedMinute: 7 },
  {
    id: 'ws08',
    name: 'DOEBLER^MAX',
    date: '20240105',
    modalities: ['DX'],
    description: 'Chest 100%_test',
    instances: 1,
    updatedMinute: 12,
    prediction: { priority: 0.9, finding: 'pneumonia' },
  },
  {
    id: 'ws09',
    name: 'LEE^MIN',
    date: '20240120',
    modalities: ['CT'],
    description: 'CT Abdomen',
    instances: 300,
    updatedMinute: 4,
    prediction: { priority: 0.55, finding: 'pneumonia' },
    label: { kind: 'model', finding: 'pneumonia' },
  },
  {
    id: 'ws10',
    name: 'GARCIA^LUIS',
    date: '20240301',
    modalities: ['CR'],
    description: 'Chest PA',
    instances: 1,
    updatedMinute: 6,
    label: { kind: 'clinician', finding: 'pneumonia' },
  },
  {
    id: 'ws11',
    name: 'PATEL^RAVI',
    date: '20240115',
    modalities: ['DX'],
    description: 'Chest PA',
    instances: 1,
    updatedMinute: 10,
    prediction: { priority: 0.3, finding: 'normal' },
    label: { kind: 'clinician', finding: 'pneumonia' },
  },
  {
    id: 'ws12',
    name: 'KIM^SOO',
    date: '20240110',
    modalities: ['US'],
    description: 'Abdomen',
    instances: 10,
    updatedMinute: 8,
    prediction: { priority: 0.95, finding: 'pneumonia' },
  },
];

/** What each fixture item's verification is once its label is set. */
export const FIXTURE_VERIFICATION: Record<string, 'unverified' | 'confirmed' | 'corrected'> = {
  ws03: 'confirmed', // the clinician agreed with the prediction
  ws04: 'corrected', // the clinician disagreed with the prediction
  ws09: 'unverified', // a model's label is no verification
  ws10: 'confirmed', // the first label, no prediction: nothing to correct
  ws11: 'corrected',
};

const P = ['ws12', 'ws01', 'ws02', 'ws08', 'ws04', 'ws09', 'ws11', 'ws03', 'ws06', 'ws10', 'ws05', 'ws07'];

/**
 * Every query the worklist must answer over the fixture, with the image set ids it answers in
 * order. The default order (priority) is P: most urgent first, ties by newest study then id,
 * unscored items last (by newest study, the one without a date last).
 */
export const WORKLIST_TABLE: readonly { name: string; query: Omit<WorklistQuery, 'datastoreId'>; ids: string[] }[] = [
  { name: 'default: priority, most urgent first', query: {}, ids: P },
  { name: 'priority desc, said', query: { sort: 'priority', order: 'desc' }, ids: P },
  {
    name: 'priority asc: least urgent first, unscored still last',
    query: { sort: 'priority', order: 'asc' },
    ids: ['ws06', 'ws11', 'ws03', 'ws09', 'ws04', 'ws01', 'ws02', 'ws08', 'ws12', 'ws10', 'ws05', 'ws07'],
  },
  {
    name: 'studyDate (desc by default), no date last',
    query: { sort: 'studyDate' },
    ids: ['ws10', 'ws05', 'ws09', 'ws06', 'ws11', 'ws03', 'ws12', 'ws01', 'ws02', 'ws08', 'ws04', 'ws07'],
  },
  {
    name: 'studyDate asc, no date still last',
    query: { sort: 'studyDate', order: 'asc' },
    ids: ['ws04', 'ws01', 'ws02', 'ws08', 'ws03', 'ws12', 'ws06', 'ws11', 'ws09', 'ws05', 'ws10', 'ws07'],
  },
  {
    name: 'patientName (asc by default): case-insensitive, ^ as a space, no name last',
    query: { sort: 'patientName' },
    ids: ['ws01', 'ws02', 'ws08', 'ws10', 'ws12', 'ws09', 'ws05', 'ws07', 'ws04', 'ws11', 'ws03', 'ws06'],
  },
  {
    name: 'patientName desc, no name still last',
    query: { sort: 'patientName', order: 'desc' },
    ids: ['ws03', 'ws11', 'ws04', 'ws07', 'ws05', 'ws09', 'ws12', 'ws10', 'ws08', 'ws02', 'ws01', 'ws06'],
  },
  {
    name: 'modality asc: CT before CT\\PT',
    query: { sort: 'modality' },
    ids: ['ws01', 'ws10', 'ws02', 'ws09', 'ws04', 'ws03', 'ws05', 'ws07', 'ws08', 'ws11', 'ws06', 'ws12'],
  },
  {
    name: 'studyDescription asc, case-insensitive, none last',
    query: { sort: 'studyDescription' },
    ids: ['ws12', 'ws06', 'ws08', 'ws05', 'ws01', 'ws10', 'ws11', 'ws03', 'ws09', 'ws02', 'ws04', 'ws07'],
  },
  {
    name: 'instances (desc by default)',
    query: { sort: 'instances' },
    ids: ['ws04', 'ws09', 'ws02', 'ws06', 'ws12', 'ws03', 'ws01', 'ws05', 'ws07', 'ws08', 'ws10', 'ws11'],
  },
  {
    name: 'updatedAt (desc by default)',
    query: { sort: 'updatedAt' },
    ids: ['ws08', 'ws05', 'ws11', 'ws03', 'ws12', 'ws07', 'ws10', 'ws01', 'ws09', 'ws04', 'ws06', 'ws02'],
  },
  { name: 'patientName "doe": a substring, DOEBLER too', query: { patientName: 'doe' }, ids: ['ws01', 'ws02', 'ws08'] },
  { name: 'patientName "DOE^J": ^ matches the separator', query: { patientName: 'DOE^J' }, ids: ['ws01', 'ws02'] },
  { name: 'patientName "doe jo": a space matches ^', query: { patientName: 'doe jo' }, ids: ['ws02'] },
  { name: 'patientName "jane doe": components in DICOM order only', query: { patientName: 'jane doe' }, ids: [] },
  { name: 'patientName "MÜLL": case-insensitive beyond ASCII', query: { patientName: 'MÜLL' }, ids: ['ws05'] },
  { name: 'patientName "o\'b": a quote is a character', query: { patientName: "o'b" }, ids: ['ws04'] },
  {
    name: 'description "chest": anywhere, any case',
    query: { description: 'chest' },
    ids: ['ws01', 'ws02', 'ws08', 'ws11', 'ws03', 'ws10', 'ws05'],
  },
  { name: 'description "%": literal, not a pattern', query: { description: '%' }, ids: ['ws08'] },
  { name: 'description "_": literal, not a pattern', query: { description: '_' }, ids: ['ws08'] },
  {
    name: 'date range 20240110-20240120, inclusive',
    query: { studyDateFrom: '20240110', studyDateTo: '20240120' },
    ids: ['ws12', 'ws09', 'ws11', 'ws03', 'ws06'],
  },
  { name: 'date from 20240201', query: { studyDateFrom: '20240201' }, ids: ['ws10', 'ws05'] },
  { name: 'date to 20240104: no date is no match', query: { studyDateTo: '20240104' }, ids: ['ws04'] },
  { name: 'modality CT: one of the study modalities', query: { modality: 'CT' }, ids: ['ws02', 'ws04', 'ws09'] },
  { name: 'modality PT', query: { modality: 'PT' }, ids: ['ws04'] },
  { name: 'modality DX', query: { modality: 'DX' }, ids: ['ws08', 'ws11', 'ws03', 'ws05', 'ws07'] },
  { name: 'modality ct: exact', query: { modality: 'ct' }, ids: [] },
  {
    name: 'verification unverified (a model label too)',
    query: { verification: 'unverified' },
    ids: ['ws12', 'ws01', 'ws02', 'ws08', 'ws09', 'ws06', 'ws05', 'ws07'],
  },
  { name: 'verification confirmed', query: { verification: 'confirmed' }, ids: ['ws03', 'ws10'] },
  { name: 'verification corrected', query: { verification: 'corrected' }, ids: ['ws04', 'ws11'] },
  { name: 'modality DX and description "chest pa"', query: { modality: 'DX', description: 'chest pa' }, ids: ['ws11', 'ws03'] },
  {
    name: 'patientName "doe" by studyDate asc: ties by id',
    query: { patientName: 'doe', sort: 'studyDate', order: 'asc' },
    ids: ['ws01', 'ws02', 'ws08'],
  },
  {
    name: 'CT, from 20240101, unverified',
    query: { modality: 'CT', studyDateFrom: '20240101', verification: 'unverified' },
    ids: ['ws02', 'ws09'],
  },
];

/** The study UID of a fixture item. */
export function fixtureStudyUid(id: string): string {
  return `1.2.826.0.1.3680043.10.999.${Number(id.slice(2))}`;
}

/** The summary of a fixture item. */
export function fixtureSummary(datastoreId: DatastoreId, item: FixtureItem): StudySummary {
  const summary: StudySummary = {
    datastoreId,
    imageSetId: item.id,
    studyInstanceUid: fixtureStudyUid(item.id),
    modalities: item.modalities,
    series: item.modalities.length,
    instances: item.instances,
    updatedAt: `2024-06-01T10:${String(item.updatedMinute).padStart(2, '0')}:00.000Z`,
  };
  if (item.name) summary.patientName = item.name;
  if (item.date) summary.studyDate = item.date;
  if (item.description) summary.studyDescription = item.description;
  return summary;
}

/**
 * Records the fixture in `datastoreId`: half the predictions before their image set is recorded
 * and half after (either order must give the same worklist), then the labels.
 */
export async function seedFixture(catalog: Catalog, datastoreId: DatastoreId): Promise<void> {
  const predict = async (item: FixtureItem) => {
    if (!item.prediction) return;
    const other = item.prediction.finding === 'normal' ? 'pneumonia' : 'normal';
    const p = item.prediction.finding === 'pneumonia' ? item.prediction.priority : 1 - item.prediction.priority;
    await catalog.putPrediction({
      key: { datastoreId, imageSetId: item.id },
      modelVersion: 'model/1',
      finding: item.prediction.finding,
      scores: { [item.prediction.finding]: Math.max(p, 1 - p), [other]: Math.min(p, 1 - p) },
      priority: item.prediction.priority,
      predictedAt: '2024-06-01T11:00:00.000Z',
    });
  };
  for (const [i, item] of FIXTURE_ITEMS.entries()) {
    if (i % 2 === 0) await predict(item);
    await catalog.recordImageSet(fixtureSummary(datastoreId, item));
    if (i % 2 === 1) await predict(item);
  }
  for (const item of FIXTURE_ITEMS) {
    if (!item.label) continue;
    await catalog.setLabel({
      key: { datastoreId, imageSetId: item.id },
      studyInstanceUid: fixtureStudyUid(item.id),
      finding: item.label.finding,
      origin:
        item.label.kind === 'clinician'
          ? { kind: 'clinician', principal: 'dr-a', role: 'clinician' }
          : { kind: 'model', modelVersion: 'model/1' },
      expectedVersion: 0,
    });
  }
}
