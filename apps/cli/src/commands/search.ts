import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import type { QidoScope } from '@triage/dicomweb';
import { displayValue } from '../client/dicom-json-values';
import { DICOMWEB, dicomwebClient, oneLine } from '../client/dicomweb';
import { CliError } from '../support/cli-error';
import { positiveInt } from '../support/parse-number';
import { formatTable } from '../support/table';
import { checkUid } from '../support/uid';

interface SearchOptions extends ApiOptions {
  patientId?: string;
  patientName?: string;
  studyDate?: string;
  modality?: string;
  accession?: string;
  study?: string;
  series?: string;
  level: string;
  limit: string;
  json?: boolean;
}

type Level = 'studies' | 'series' | 'instances';

/** The columns of each level's table: header and tag. The UID goes last, it is the widest. */
const COLUMNS: Record<Level, [string, string][]> = {
  studies: [
    ['PATIENT ID', '00100020'],
    ['PATIENT NAME', '00100010'],
    ['DATE', '00080020'],
    ['MODALITIES', '00080061'],
    ['ACCESSION', '00080050'],
    ['SERIES', '00201206'],
    ['INSTANCES', '00201208'],
    ['STUDY UID', '0020000D'],
  ],
  series: [
    ['MODALITY', '00080060'],
    ['NUMBER', '00200011'],
    ['DESCRIPTION', '0008103E'],
    ['INSTANCES', '00201209'],
    ['STUDY UID', '0020000D'],
    ['SERIES UID', '0020000E'],
  ],
  instances: [
    ['NUMBER', '00200013'],
    ['ROWS', '00280010'],
    ['COLUMNS', '00280011'],
    ['FRAMES', '00280008'],
    ['SERIES UID', '0020000E'],
    ['SOP INSTANCE UID', '00080018'],
  ],
};

const SINGULAR: Record<Level, string> = { studies: 'study', series: 'series', instances: 'instance' };

/** `triage search`: QIDO-RS over the running API, as a table or as the server's DICOM JSON. */
export function registerSearch(program: Command): void {
  withApiOptions(program.command('search').description('find studies, series or instances by QIDO-RS'))
    .option('--patient-id <id>', 'PatientID')
    .option('--patient-name <name>', 'PatientName (wildcards * and ?)')
    .option('--study-date <range>', 'StudyDate: YYYYMMDD, or a range YYYYMMDD-YYYYMMDD (either end may be left out)')
    .option('--modality <modality>', 'ModalitiesInStudy for studies, Modality for series and instances')
    .option('--accession <number>', 'AccessionNumber')
    .option('--study <uid>', 'StudyInstanceUID (series and instances: within this study)')
    .option('--series <uid>', 'SeriesInstanceUID (instances: within this series; needs --study)')
    .option('--level <level>', 'studies, series or instances', 'studies')
    .option('--limit <n>', 'at most this many results', '100')
    .option('--json', 'print the DICOM JSON the server returned')
    .action(async (options: SearchOptions) => {
      const target = apiTarget(options);
      const level = options.level as Level;
      if (!(level in COLUMNS)) throw new CliError(`--level: '${options.level}' is not studies, series or instances`, 2);
      const { path, query, scope } = qidoRequest(level, options);
      const results = await oneLine(target, `QIDO-RS ${path}`, () => dicomwebClient(target).search(level, query, scope));
      if (options.json) {
        process.stdout.write(JSON.stringify(results, null, 2) + '\n');
        return;
      }
      const columns = COLUMNS[level];
      process.stdout.write(
        formatTable(
          columns.map(([h]) => h),
          results.map((r) => columns.map(([, tag]) => displayValue(r, tag) || displayValue(r, tag.toLowerCase()))),
        ),
      );
      process.stderr.write(`${results.length} ${results.length === 1 ? SINGULAR[level] : level}\n`);
    });
}

/** The QIDO-RS path (for messages), query and scope for a level and the matching options (PS3.18 10.6). */
export function qidoRequest(level: Level, options: SearchOptions): { path: string; query: URLSearchParams; scope: QidoScope } {
  const query = new URLSearchParams();
  const limit = positiveInt('--limit', options.limit, 100000);
  if (options.studyDate !== undefined && !/^(\d{8})?-?(\d{8})?$/.test(options.studyDate))
    throw new CliError(`--study-date: '${options.studyDate}' is not YYYYMMDD or a range YYYYMMDD-YYYYMMDD`, 2);
  if (options.study) checkUid('--study', options.study);
  if (options.series) checkUid('--series', options.series);
  if (options.series && !options.study && level === 'instances') throw new CliError('--series needs --study', 2);
  if (options.patientId !== undefined) query.set('PatientID', options.patientId);
  if (options.patientName !== undefined) query.set('PatientName', options.patientName);
  if (options.studyDate !== undefined) query.set('StudyDate', options.studyDate);
  if (options.accession !== undefined) query.set('AccessionNumber', options.accession);
  if (options.modality !== undefined) query.set(level === 'studies' ? 'ModalitiesInStudy' : 'Modality', options.modality);
  query.set('limit', String(limit));
  let path = `${DICOMWEB}/${level}`;
  const scope: QidoScope = {};
  if (level === 'studies') {
    if (options.study) query.set('StudyInstanceUID', options.study);
  } else if (options.study) {
    const study = `${DICOMWEB}/studies/${options.study}`;
    scope.study = options.study;
    if (level === 'instances' && options.series) scope.series = options.series;
    path = level === 'series' ? `${study}/series` : options.series ? `${study}/series/${options.series}/instances` : `${study}/instances`;
  } else if (options.series) {
    query.set('SeriesInstanceUID', options.series);
  }
  // Columns the table shows beyond the required return keys of each level.
  if (level === 'series') query.append('includefield', 'SeriesDescription');
  if (level === 'instances') for (const k of ['Rows', 'Columns', 'NumberOfFrames']) query.append('includefield', k);
  return { path, query, scope };
}
