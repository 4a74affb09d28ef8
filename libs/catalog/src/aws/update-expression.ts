/**
 * Builds DynamoDB expressions with every attribute name and value as a placeholder (no clash with
 * DynamoDB's reserved words, no value ever spliced into the text).
 */
export class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private next = 0;

  /** A placeholder for a path (`summary.updatedAt` becomes `#n0.#n1`). */
  path(path: string): string {
    return path
      .split('.')
      .map((segment) => {
        const existing = Object.entries(this.names).find(([, n]) => n === segment)?.[0];
        if (existing) return existing;
        const placeholder = `#n${this.next++}`;
        this.names[placeholder] = segment;
        return placeholder;
      })
      .join('.');
  }

  /** A placeholder for a value. */
  value(value: unknown): string {
    const placeholder = `:v${this.next++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** `SET a = :x, ...` (then `REMOVE ...`) for the given attributes. */
  update(set: Record<string, unknown>, remove: readonly string[] = []): string {
    const parts: string[] = [];
    const assignments = Object.entries(set).map(([path, value]) => `${this.path(path)} = ${this.value(value)}`);
    if (assignments.length > 0) parts.push(`SET ${assignments.join(', ')}`);
    if (remove.length > 0) parts.push(`REMOVE ${remove.map((path) => this.path(path)).join(', ')}`);
    return parts.join(' ');
  }

  /** The names and values, for the command's input (absent when none, as DynamoDB requires). */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(Object.keys(this.names).length > 0 ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}
