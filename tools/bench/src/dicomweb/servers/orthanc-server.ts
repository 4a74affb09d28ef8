import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DicomwebTarget } from '../client/dicomweb-target';
import { openPool } from '../client/dicomweb-target';
import type { DimseEndpoint } from '../measure/cstore';
import type { ServerProcess } from './server-process';
import { freePort, startProcess, waitUntilReady } from './server-process';

/** Where Debian's `orthanc` and `orthanc-dicomweb` packages put the server and the plugin. */
const ORTHANC_BINARY = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGINS = ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', '/usr/lib/orthanc/libOrthancDicomWeb.so.1.7'];

/** A running Orthanc with the DICOMweb plugin. */
export interface RunningOrthanc {
  process: ServerProcess;
  target: DicomwebTarget;
  version: string;
  dimse: DimseEndpoint;
}

/** The DICOMweb plugin's path, or undefined when Orthanc or the plugin is not installed. */
export function findOrthanc(): { binary: string; plugin: string } | undefined {
  const plugin = DICOMWEB_PLUGINS.find((p) => fs.existsSync(p));
  return fs.existsSync(ORTHANC_BINARY) && plugin ? { binary: ORTHANC_BINARY, plugin } : undefined;
}

/**
 * Starts Orthanc on free loopback ports with its own storage and index under `dir`, uncompressed storage,
 * no HTTP compression (our server sends none either), basic authentication and the DICOMweb plugin at /dicom-web.
 * Orthanc 1.10 binds every interface, which is why the benchmark runs in a loopback-only network namespace.
 */
export async function startOrthanc(dir: string, connections: number): Promise<RunningOrthanc> {
  const found = findOrthanc();
  if (!found)
    throw new Error(
      `Orthanc not found: install the Debian packages orthanc and orthanc-dicomweb (${ORTHANC_BINARY}, ${DICOMWEB_PLUGINS[0]})`,
    );
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const password = randomBytes(12).toString('hex');
  const config = {
    Name: 'TRIAGE-BENCH',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    StorageCompression: false,
    HttpCompressionEnabled: false,
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: 'BENCH',
    // Any calling AE may C-STORE (Orthanc 1.10's default, said here because the benchmark's storescu relies on it).
    DicomAlwaysAllowStore: true,
    DicomCheckCalledAet: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { bench: password },
    KeepAlive: true,
    TcpNoDelay: true,
    HttpThreadsCount: 50,
    SaveJobs: false,
    Plugins: [found.plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
  };
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'orthanc.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const process = startProcess(found.binary, [configFile], {
    cwd: dir,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    logFile: path.join(dir, 'orthanc.log'),
  });
  const origin = `http://127.0.0.1:${httpPort}`;
  const pool = openPool(origin, connections);
  const authorization = `Basic ${Buffer.from(`bench:${password}`).toString('base64')}`;
  let version = 'unknown';
  await waitUntilReady(process, 'Orthanc', 60, async () => {
    const response = await pool.request({ method: 'GET', path: '/system', headers: { authorization } });
    const body = await response.body.text();
    if (response.statusCode !== 200) return false;
    const system = JSON.parse(body) as { Version?: string; DatabaseBackendPlugin?: unknown };
    version = system.Version ?? version;
    return true;
  });
  const plugin = await pool.request({ method: 'GET', path: '/plugins/dicom-web', headers: { authorization } });
  const pluginInfo = (await plugin.body.json().catch(() => ({}))) as { Version?: string };
  if (plugin.statusCode !== 200)
    throw new Error(`Orthanc started without its DICOMweb plugin (HTTP ${plugin.statusCode}); log: ${process.logFile}`);
  return {
    process,
    target: { name: 'Orthanc', origin, root: '/dicom-web', authorization, pool },
    version: `Orthanc ${version}, DICOMweb plugin ${pluginInfo.Version ?? '?'}`,
    dimse: { port: dicomPort, aeTitle: config.DicomAet },
  };
}
