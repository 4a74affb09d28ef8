// The cornerstone codec packages ship emscripten factories without type declarations;
// their classes are typed in codec-api.ts.
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (module?: object) => Promise<unknown>;
  export = factory;
}
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: (module?: object) => Promise<unknown>;
  export = factory;
}
declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: (module?: object) => Promise<unknown>;
  export = factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs' {
  const factory: (module?: object) => Promise<unknown>;
  export = factory;
}
