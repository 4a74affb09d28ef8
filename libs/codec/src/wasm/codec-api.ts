// The embind classes of the cornerstone codec packages, as far as this lib uses them.

/** Image geometry as the cornerstone codecs describe it. */
export interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  isUsingColorTransform?: boolean;
}

/** An object allocated in WASM memory: must be deleted. */
export interface EmbindObject {
  delete(): void;
}

export interface HTJ2KEncoderInstance extends EmbindObject {
  getDecodedBuffer(frameInfo: CodecFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setDecompositions(decompositions: number): void;
  setQuality(lossless: boolean, quantizationStep: number): void;
  setProgressionOrder(order: number): void;
  setBlockDimensions(size: { width: number; height: number }): void;
  setTLMMarker(enabled: boolean): void;
  setTilePartDivisionsAtResolutions(enabled: boolean): void;
  setTilePartDivisionsAtComponents(enabled: boolean): void;
}

export interface HTJ2KDecoderInstance extends EmbindObject {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
  readHeader(): void;
  decode(): void;
  decodeSubResolution(decompositionLevel: number): void;
  calculateSizeAtDecompositionLevel(level: number): { width: number; height: number };
  getFrameInfo(): CodecFrameInfo;
  getIsReversible(): boolean;
  getProgressionOrder(): number;
  getNumDecompositions(): number;
  getNumLayers(): number;
  getBlockDimensions(): { width: number; height: number };
}

export interface J2KEncoderInstance extends EmbindObject {
  getDecodedBuffer(frameInfo: CodecFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setDecompositions(decompositions: number): void;
  setQuality(lossless: boolean, quantizationStep: number): void;
  setProgressionOrder(order: number): void;
}

export interface J2KDecoderInstance extends EmbindObject {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  getIsReversible(): boolean;
  getNumDecompositions(): number;
}

export interface JpegLSEncoderInstance extends EmbindObject {
  getDecodedBuffer(frameInfo: CodecFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setNearLossless(near: number): void;
  setInterleaveMode(mode: number): void;
  encode(): void;
}

export interface JpegLSDecoderInstance extends EmbindObject {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  getInterleaveMode(): number;
  getNearLossless(): number;
}

export interface JPEGDecoderInstance extends EmbindObject {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
}

/** What every emscripten factory of these packages accepts. */
export interface EmscriptenModuleArg {
  instantiateWasm?: (imports: object, receive: (instance: WasmInstance) => void) => object;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

/** A compiled WebAssembly instance (the lib's TS config has no DOM or WebAssembly typings). */
export interface WasmInstance {
  exports: object;
}

/** The parts of the WebAssembly global this lib uses. */
export interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}
