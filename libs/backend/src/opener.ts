/** Something a backend opened and must close. */
export interface Closable {
  close(): Promise<void> | void;
}

/**
 * Opens each part once, on first use, and closes what was opened in reverse order. A part whose opening failed is
 * opened again by the next caller (a Lambda's next invocation retries what its first could not reach).
 */
export class Opener {
  private readonly opened: Closable[] = [];

  /** A getter that opens the part on its first call and tracks it for {@link close}. */
  once<T extends Closable>(open: () => Promise<T>): () => Promise<T> {
    let pending: Promise<T> | undefined;
    return () =>
      (pending ??= open().then(
        (part) => this.track(part),
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      ));
  }

  /** Tracks a part opened elsewhere. */
  track<T extends Closable>(part: T): T {
    this.opened.push(part);
    return part;
  }

  /** Closes every opened part, newest first; every close is attempted, the first error is thrown after. */
  async close(): Promise<void> {
    let first: unknown;
    for (const part of this.opened.splice(0).reverse()) {
      try {
        await part.close();
      } catch (error) {
        first ??= error;
      }
    }
    if (first !== undefined) throw first;
  }
}
