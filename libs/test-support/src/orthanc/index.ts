export * from './find-orthanc';
export * from './free-port';
export * from './orthanc-config';
export * from './orthanc-types';
export * from './orthanc-client';
export * from './start-orthanc';
