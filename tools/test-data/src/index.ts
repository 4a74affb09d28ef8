export * from './corpus/corpus-dir';
export * from './corpus/generated-dir';
export * from './references/frame-references';
export * from './outcomes/refusal-class';
export * from './outcomes/expected-outcomes';
export * from './outcomes/fuzz-repro';
