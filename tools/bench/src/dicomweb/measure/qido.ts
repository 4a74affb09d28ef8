import type { DicomwebTarget } from '../client/dicomweb-target';
import { getOk } from '../client/dicomweb-target';
import type { LoadGenerator } from '../load/load-generator';
import { TINY_STUDY_DAYS, dayString, tinyStudyKeys } from '../data/tiny-studies';
import { progress } from '../report/progress';
import { failures } from './frames';
import type { LoadShape } from './load';
import { percentile, requestsInAll, runAlternating } from './load';

/** A QIDO-RS /studies query a worklist sends, as a function of the request number. */
export interface QidoQuery {
  name: string;
  query: (i: number, studies: number) => string;
}

/** The worklist's first page, one patient, a week of study dates, and a patient-name prefix. */
export const QIDO_QUERIES: QidoQuery[] = [
  { name: 'first page (limit=100)', query: () => 'limit=100' },
  { name: 'PatientID exact', query: (i, studies) => `PatientID=${tinyStudyKeys((i * 7919) % studies).patientId}` },
  {
    name: 'StudyDate 7-day range',
    query: (i) => {
      const day = (i * 131) % (TINY_STUDY_DAYS - 7);
      return `StudyDate=${dayString(day)}-${dayString(day + 6)}&limit=100`;
    },
  },
  { name: 'PatientName prefix*', query: (i) => `PatientName=${tinyStudyKeys(i).familyPrefix}*&limit=100` },
];

/** p50 and p99 of one query kind against the stores as they are, one client, servers alternating; by server name. */
export async function measureQido(
  generator: LoadGenerator,
  targets: DicomwebTarget[],
  query: QidoQuery,
  studies: number,
  shape: LoadShape,
  rounds: number,
  settle: () => Promise<void>,
): Promise<Map<string, { p50: number; p99: number }>> {
  const pathOf = (i: number): string => `/studies?${query.query(i, studies)}`;
  const paths = Array.from({ length: requestsInAll(shape, rounds) }, (_, i) => pathOf(i));
  const contenders = targets.map((t) => ({ key: t.name, target: t, accept: 'application/dicom+json', paths }));
  const results = await runAlternating(generator, contenders, shape, rounds, settle);
  const figures = new Map<string, { p50: number; p99: number }>();
  for (const [name, result] of results) {
    const f = { p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99) };
    figures.set(name, f);
    progress(
      `${name} QIDO ${query.name} @${studies}: ${result.latenciesMs.length} requests, p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms${failures(result.failures, result.firstFailure)}`,
    );
  }
  return figures;
}

/** How many studies an exact PatientID query finds: 1 when the store holds what it was sent. */
export async function countPatientStudies(target: DicomwebTarget, studyIndex: number): Promise<number> {
  const answer = await getOk(target, `/studies?PatientID=${tinyStudyKeys(studyIndex).patientId}`, 'application/dicom+json');
  const text = answer.body.toString('utf8');
  return text.trim() === '' ? 0 : (JSON.parse(text) as unknown[]).length;
}
