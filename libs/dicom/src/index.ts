export * from './errors/dicom-error';
export * from './transfer-syntax/transfer-syntax';
export * from './dictionary/dictionary';
export * from './parse/read-part10';
export * from './frames/pixel-info';
export * from './frames/extract-frames';
