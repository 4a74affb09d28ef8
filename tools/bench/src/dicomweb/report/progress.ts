const started = performance.now();

/** A progress line on stderr, stamped with the seconds since the benchmark started (stdout keeps the table). */
export function progress(message: string): void {
  process.stderr.write(`[dicomweb ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}
