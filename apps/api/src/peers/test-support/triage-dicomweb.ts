import type { DicomJsonDataset } from '@triage/dicom';
import { parseMultipart } from '../../test-support/read-multipart';
import { headerString } from './header-string';

/** QIDO-RS on our API (`/dicomweb` + `pathAndQuery`), as the DICOM JSON it answers; throws unless 200. */
export async function ourQido(apiUrl: string, token: string, pathAndQuery: string): Promise<DicomJsonDataset[]> {
  const response = await fetch(`${apiUrl}/dicomweb${pathAndQuery}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/dicom+json' },
  });
  if (response.status !== 200) throw new Error(`our QIDO ${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as DicomJsonDataset[];
}

/** Every instance of a study as our WADO-RS sends it by default (Explicit VR Little Endian), by SOP Instance UID. */
export async function ourStudyInstances(apiUrl: string, token: string, studyUid: string): Promise<Map<string, Uint8Array>> {
  const response = await fetch(`${apiUrl}/dicomweb/studies/${studyUid}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'multipart/related; type="application/dicom"' },
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200)
    throw new Error(`our WADO-RS /studies/${studyUid}: HTTP ${response.status} ${body.toString().slice(0, 300)}`);
  const parts = parseMultipart(response.headers.get('content-type') ?? '', body);
  return new Map(parts.map((part) => [headerString(part.body, 'x00080018'), new Uint8Array(part.body)]));
}
