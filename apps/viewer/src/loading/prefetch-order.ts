/** Slice indices in order of nearness to `center` (center, +1, -1, +2, -2, ...), within 0..count-1. */
export function nearnessOrder(count: number, center: number): number[] {
  const order: number[] = [];
  if (count <= 0) return order;
  const c = Math.min(Math.max(0, Math.round(center)), count - 1);
  order.push(c);
  for (let d = 1; order.length < count; d++) {
    if (c + d < count) order.push(c + d);
    if (c - d >= 0) order.push(c - d);
  }
  return order;
}

/** The not-yet-requested index nearest to `center` (ties go forward, the way a reader scrolls), or undefined when none is left. */
export function nearestPending(pending: ReadonlySet<number>, count: number, center: number): number | undefined {
  if (pending.size === 0) return undefined;
  const c = Math.min(Math.max(0, Math.round(center)), count - 1);
  for (let d = 0; d < count; d++) {
    if (pending.has(c + d)) return c + d;
    if (d > 0 && pending.has(c - d)) return c - d;
  }
  return undefined;
}
