import { CodecError } from '../errors/codec-error';
import type { LoadedModule } from './wasm-modules';

/**
 * Runs one call into a WASM codec and turns whatever it throws (emscripten throws bare numbers:
 * pointers to C++ exceptions) into a {@link CodecError} quoting what the codec printed.
 */
export function runCodec<M, R>(codec: string, module: LoadedModule<M>, call: (api: M) => R): R {
  module.takeLog();
  try {
    return call(module.api);
  } catch (error) {
    if (error instanceof CodecError) throw error;
    const printed = codecComplaint(module.takeLog());
    const detail = error instanceof Error ? error.message : `exception ${String(error)}`;
    throw new CodecError(codec, printed ? `${printed} (${detail})` : `the bitstream is corrupt or unsupported (${detail})`, {
      cause: error,
    });
  }
}

/** The codec's own explanation of its last failure, when it printed one. */
export function lastComplaint(module: LoadedModule<unknown>): string | undefined {
  return codecComplaint(module.takeLog());
}

function codecComplaint(lines: string[]): string | undefined {
  const errors = lines.filter((l) => /error|fail|invalid|corrupt|premature|not a|unsupported|too short/i.test(l));
  const chosen = (errors.length > 0 ? errors : lines).slice(-2).map((l) => l.replace(/^\[(ERROR|WARNING|INFO)\]\s*/, '').trim());
  return chosen.length > 0 ? chosen.join('; ') : undefined;
}
