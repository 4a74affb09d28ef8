import { createHmac } from 'node:crypto';

/**
 * A deterministic stream of uniform numbers in [0, 1) named by a seed and a path (for example an
 * image set and its copy number): the same names give the same draws whatever order images come in.
 */
export class SeededRandom {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(
    private readonly seed: string,
    private readonly name: string,
  ) {}

  /** The next uniform draw in [0, 1). */
  next(): number {
    if (this.offset + 6 > this.block.length) {
      this.block = createHmac('sha256', this.seed).update(`${this.name}#${this.counter++}`).digest();
      this.offset = 0;
    }
    const value = this.block.readUIntBE(this.offset, 6) / 2 ** 48;
    this.offset += 6;
    return value;
  }

  /** A uniform draw in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
}
