/** A benchmark the harness can run by name: prints its own table, never asserts. */
export interface Benchmark {
  name: string;
  description: string;
  run(args: string[]): Promise<void>;
}
