export * from './find-chromium';
export * from './launch-chromium';
export * from './viewports';
export * from './screenshot';
export * from './page-errors';
