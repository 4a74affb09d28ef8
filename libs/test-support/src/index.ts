export * from './workspace/workspace-root';
export * from './orthanc';
export * from './synthetic';
export * from './dimse/raw-scu';
export * from './browser';
