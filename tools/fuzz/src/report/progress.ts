const started = performance.now();

/** A progress line on stderr, stamped with the seconds since the run started (stdout keeps the table). */
export function progress(message: string): void {
  process.stderr.write(`[fuzz ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${message}\n`);
}
