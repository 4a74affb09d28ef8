import * as fs from 'node:fs';
import * as path from 'node:path';

/** A remote DICOMweb server Orthanc's DICOMweb client can talk to (`DicomWeb.Servers`). */
export interface DicomWebServerConfig {
  /** Base URL of its DICOMweb root, e.g. `http://127.0.0.1:8080/dicomweb/`. */
  url: string;
  /** Headers sent with every request to it, e.g. `{ Authorization: 'Bearer …' }`. */
  httpHeaders?: Record<string, string>;
}

/** What {@link orthancConfig} needs: where Orthanc keeps its files, its ports, and its plugin. */
export interface OrthancConfigOptions {
  /** Storage and index go to `storage/` and `index/` under it. */
  dir: string;
  httpPort: number;
  dicomPort: number;
  /** Path of libOrthancDicomWeb (see `requireOrthanc`). */
  dicomWebPlugin: string;
  /** Default `TRIAGE-TEST`. */
  name?: string;
  /** Default `ORTHANC`. */
  dicomAet?: string;
  /**
   * Whether the DICOM (DIMSE) server runs; default false. Orthanc 1.10 has no setting to bind its ports to
   * loopback only, so a test that does not need DIMSE leaves that port closed rather than open on every interface.
   */
  dicomServer?: boolean;
  /** Users for HTTP basic authentication; when absent, authentication is off. */
  users?: Record<string, string>;
  /** The remote DICOMweb servers, by name (`/dicom-web/servers/{name}/…`). */
  dicomWebServers?: Record<string, DicomWebServerConfig>;
  /** Further top-level settings, applied last (they win over everything above). */
  settings?: Record<string, unknown>;
}

/** Orthanc's configuration as JSON (Orthanc 1.10 option names). */
export type OrthancConfiguration = Record<string, unknown>;

/**
 * Orthanc's configuration: its own storage and index under `dir`, uncompressed storage and HTTP (bytes on disk
 * and on the wire are the DICOM bytes), HTTP answered for loopback clients only, no saved jobs, the DICOMweb
 * plugin at `/dicom-web/` with `dicomWebServers` as its remote servers.
 */
export function orthancConfig(options: OrthancConfigOptions): OrthancConfiguration {
  const servers = Object.fromEntries(
    Object.entries(options.dicomWebServers ?? {}).map(([name, server]) => [
      name,
      // The plugin appends the request's URI to Url; the documented form ends with a slash.
      { Url: server.url.endsWith('/') ? server.url : `${server.url}/`, ...(server.httpHeaders ? { HttpHeaders: server.httpHeaders } : {}) },
    ]),
  );
  return {
    Name: options.name ?? 'TRIAGE-TEST',
    StorageDirectory: path.join(options.dir, 'storage'),
    IndexDirectory: path.join(options.dir, 'index'),
    StorageCompression: false,
    HttpCompressionEnabled: false,
    HttpPort: options.httpPort,
    DicomPort: options.dicomPort,
    DicomAet: options.dicomAet ?? 'ORTHANC',
    DicomServerEnabled: options.dicomServer ?? false,
    // Orthanc 1.10 binds 0.0.0.0 whatever it is told; this makes it refuse every client but loopback.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: options.users !== undefined,
    ...(options.users ? { RegisteredUsers: options.users } : {}),
    KeepAlive: true,
    TcpNoDelay: true,
    HttpThreadsCount: 50,
    SaveJobs: false,
    Plugins: [options.dicomWebPlugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Servers: servers },
    ...options.settings,
  };
}

/** Writes {@link orthancConfig} to `<dir>/orthanc.json` (creating `dir`) and returns the file's path. */
export function writeOrthancConfig(options: OrthancConfigOptions): string {
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, 'orthanc.json');
  fs.writeFileSync(file, `${JSON.stringify(orthancConfig(options), null, 2)}\n`);
  return file;
}
