export * from './corpus/corpus-dir';
