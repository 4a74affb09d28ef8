import type { DicomJsonDataset } from '@triage/dicom';
import { fixtureInstance } from '../test-support/read-fixtures';
import { startTestApp, type TestApp } from '../test-support/test-app';

const A = '1.2.826.0.1.3680043.10.1.1';
const B = '1.2.826.0.1.3680043.10.1.2';
const C = '1.2.826.0.1.3680043.10.1.3';
const A1 = `${A}.1`;
const A2 = `${A}.2`;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ codecWorkers: 2 });
  const instances = [
    {
      studyUid: A,
      seriesUid: A1,
      sopUid: `${A1}.1`,
      patientName: 'DOE^JOHN',
      patientId: 'PID1',
      studyDate: '20240115',
      accession: 'ACC001',
      modality: 'CT',
      instanceNumber: 1,
    },
    {
      studyUid: A,
      seriesUid: A1,
      sopUid: `${A1}.2`,
      patientName: 'DOE^JOHN',
      patientId: 'PID1',
      studyDate: '20240115',
      accession: 'ACC001',
      modality: 'CT',
      instanceNumber: 2,
    },
    {
      studyUid: A,
      seriesUid: A2,
      sopUid: `${A2}.1`,
      patientName: 'DOE^JOHN',
      patientId: 'PID1',
      studyDate: '20240115',
      accession: 'ACC001',
      modality: 'MR',
    },
    {
      studyUid: B,
      seriesUid: `${B}.1`,
      sopUid: `${B}.1.1`,
      patientName: 'DOE^JANE',
      patientId: 'PID2',
      studyDate: '20240220',
      accession: 'ACC002',
      modality: 'MR',
    },
    {
      studyUid: C,
      seriesUid: `${C}.1`,
      sopUid: `${C}.1.1`,
      patientName: 'SMITH^ANNA',
      patientId: 'PID3',
      studyDate: '20231231',
      accession: 'ACC003',
      modality: 'CR',
    },
  ];
  for (const instance of instances) await t.store.storeInstance(t.datastoreId, fixtureInstance(instance));
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function qido(pathAndQuery: string): Promise<{ status: number; headers: Headers; results: DicomJsonDataset[] }> {
  const response = await t.get(pathAndQuery, { accept: 'application/dicom+json' });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
  return { status: response.status, headers: response.headers, results: JSON.parse(response.body.toString('utf8')) };
}

function uids(results: DicomJsonDataset[], tag = '0020000D'): string[] {
  return results.map((r) => String(r[tag]?.Value?.[0])).sort();
}

describe('QIDO-RS studies', () => {
  it('lists every study with the required attributes', async () => {
    const { results } = await qido('/studies');
    expect(uids(results)).toEqual([A, B, C]);
    const a = results.find((r) => r['0020000D'].Value?.[0] === A) as DicomJsonDataset;
    expect(a['00100010'].Value?.[0]).toEqual({ Alphabetic: 'DOE^JOHN' });
    expect(a['00080050'].Value?.[0]).toBe('ACC001');
    expect(a['00080061'].Value).toEqual(expect.arrayContaining(['CT', 'MR']));
  });

  it('matches PatientName with wildcards', async () => {
    expect(uids((await qido('/studies?PatientName=DOE*')).results)).toEqual([A, B]);
    expect(uids((await qido('/studies?PatientName=DOE%5EJ%3FHN')).results)).toEqual([A]);
    expect(uids((await qido('/studies?00100010=SMITH*')).results)).toEqual([C]);
  });

  it('matches StudyDate ranges, open at either end', async () => {
    expect(uids((await qido('/studies?StudyDate=20240101-20240131')).results)).toEqual([A]);
    expect(uids((await qido('/studies?StudyDate=-20231231')).results)).toEqual([C]);
    expect(uids((await qido('/studies?StudyDate=20240201-')).results)).toEqual([B]);
    expect(uids((await qido('/studies?StudyDate=20240220')).results)).toEqual([B]);
  });

  it('matches StudyInstanceUID lists, comma-separated or repeated', async () => {
    expect(uids((await qido(`/studies?StudyInstanceUID=${A},${C}`)).results)).toEqual([A, C]);
    expect(uids((await qido(`/studies?StudyInstanceUID=${A}&StudyInstanceUID=${B}`)).results)).toEqual([A, B]);
  });

  it('matches ModalitiesInStudy, AccessionNumber and PatientID', async () => {
    expect(uids((await qido('/studies?ModalitiesInStudy=MR')).results)).toEqual([A, B]);
    expect(uids((await qido('/studies?ModalitiesInStudy=CR,CT')).results)).toEqual([A, C]);
    expect(uids((await qido('/studies?AccessionNumber=ACC003')).results)).toEqual([C]);
    expect(uids((await qido('/studies?00080050=ACC002&PatientID=PID2')).results)).toEqual([B]);
  });

  it('answers 200 with an empty array when nothing matches', async () => {
    expect((await qido('/studies?PatientName=NOBODY*')).results).toEqual([]);
  });

  it('pages with limit and offset, and warns when more results remain', async () => {
    const first = await qido('/studies?limit=2');
    expect(first.results).toHaveLength(2);
    expect(first.headers.get('warning')).toMatch(/^299 .*offset=2/);
    const second = await qido('/studies?limit=2&offset=2');
    expect(second.results).toHaveLength(1);
    expect(second.headers.get('warning')).toBeNull();
    expect(uids([...first.results, ...second.results])).toEqual([A, B, C]);
  });

  it('accepts fuzzymatching but says in a Warning that matching stays exact', async () => {
    const { headers, results } = await qido('/studies?PatientName=DOE*&fuzzymatching=true');
    expect(uids(results)).toEqual([A, B]);
    expect(headers.get('warning')).toMatch(/fuzzymatching/);
  });
});

describe('QIDO-RS series and instances', () => {
  it('lists the series of a study, matching Modality', async () => {
    expect(uids((await qido(`/studies/${A}/series`)).results, '0020000E')).toEqual([A1, A2]);
    expect(uids((await qido(`/studies/${A}/series?Modality=MR`)).results, '0020000E')).toEqual([A2]);
    expect(uids((await qido('/series?Modality=MR')).results, '0020000E')).toEqual([A2, `${B}.1`]);
  });

  it('returns more attributes with includefield (keyword, tag, comma list, all)', async () => {
    const url = `/studies/${A}/series/${A1}/instances`;
    const plain = (await qido(url)).results[0];
    expect(plain['00280004']).toBeUndefined();
    expect(plain['00280101']).toBeUndefined();
    const more = (await qido(`${url}?includefield=PhotometricInterpretation,00280101`)).results[0];
    expect(more['00280004'].Value).toEqual(['MONOCHROME2']);
    expect(more['00280101'].Value).toEqual([16]);
    const repeated = (await qido(`${url}?includefield=PhotometricInterpretation&includefield=00280101`)).results[0];
    expect(Object.keys(repeated)).toEqual(Object.keys(more));
    const all = (await qido(`/studies/${A}/series?includefield=all`)).results[0];
    expect(all['00100010'].Value?.[0]).toEqual({ Alphabetic: 'DOE^JOHN' });
  });

  it('lists instances of a series, of a study, and across studies', async () => {
    expect(uids((await qido(`/studies/${A}/series/${A1}/instances`)).results, '00080018')).toEqual([`${A1}.1`, `${A1}.2`]);
    expect((await qido(`/studies/${A}/instances`)).results).toHaveLength(3);
    expect(uids((await qido(`/instances?SOPInstanceUID=${C}.1.1`)).results, '00080018')).toEqual([`${C}.1.1`]);
    expect(uids((await qido(`/studies/${A}/series/${A1}/instances?InstanceNumber=2`)).results, '00080018')).toEqual([`${A1}.2`]);
  });
});

describe('QIDO-RS refuses bad input with problem+json naming the parameter', () => {
  it.each([
    ['/studies?Foo=bar', 'Foo'],
    ['/studies?StudyDescription=x', 'StudyDescription'],
    ['/studies?12345678=x', '12345678'],
    ['/studies?StudyDate=2024-01-01', 'StudyDate'],
    ['/studies?StudyDate=20240201-20240101', 'StudyDate'],
    ['/studies?StudyDate=20240101-20240131-20240201', 'StudyDate'],
    ['/studies?StudyInstanceUID=1.2.abc', 'StudyInstanceUID'],
    ['/studies?limit=-1', 'limit'],
    ['/studies?limit=abc', 'limit'],
    ['/studies?offset=x', 'offset'],
    ['/studies?includefield=NotAKeyword', 'includefield'],
    ['/studies?PatientName=A&PatientName=B', 'PatientName'],
    ['/instances?SeriesNumber=one', 'SeriesNumber'],
  ])('%s', async (url, parameter) => {
    const response = await t.get(url);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(response.body.toString('utf8'));
    expect(body.status).toBe(400);
    expect(body.detail).toContain(parameter);
  });

  it.each([
    ['StudyDate=20241301', 'StudyDate="20241301"', '20241301 is not a day of the calendar'],
    ['StudyDate=20240230', 'StudyDate="20240230"', '20240230 is not a day of the calendar'],
    ['StudyDate=20240101-20240230', 'StudyDate="20240101-20240230"', '20240230 is not a day of the calendar'],
    ['PatientBirthDate=19990231', 'PatientBirthDate="19990231"', '19990231 is not a day of the calendar'],
    ['StudyTime=2460', 'StudyTime="2460"', '2460 is not a time of day'],
  ])('an impossible date or time (%s) is a 400 naming the parameter and the value, not 200 []', async (query, named, why) => {
    const response = await t.get(`/studies?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(response.body.toString('utf8'));
    expect(body.detail).toBe(
      `query parameter ${named.split('=')[0]}: ${named} is not ${
        named.startsWith('StudyTime')
          ? 'a time HHMMSS.FFFFFF or a range of them'
          : 'a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open)'
      }: ${why}`,
    );
  });

  it('refuses a study UID path parameter that is not a UID', async () => {
    for (const bad of ['1.2.abc', '..', '%2E%2E', '..%2F..%2Fetc', '1..2', `1.${'2'.repeat(70)}`]) {
      const response = await t.rawGet(`/studies/${bad}/series`);
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
      expect(response.contentType).toMatch(/^application\/problem\+json/);
    }
  });

  it('needs a bearer token', async () => {
    const response = await fetch(`${t.dicomweb}/studies`);
    expect(response.status).toBe(401);
  });
});
