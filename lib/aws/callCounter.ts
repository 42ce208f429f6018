/**
 * The in-memory {@link CallCounter}.
 *
 * @module
 */
import type { CallCounter } from './types.js';

/**
 * A new counter of requests per IAM action.
 *
 * @example
 * const counter = createCallCounter();
 * counter.record('ec2:DescribeSubnets');
 * counter.byAction(); // { 'ec2:DescribeSubnets': 1 }
 */
const createCallCounter = (): CallCounter => {
  const counts = new Map<string, number>();
  let total = 0;
  return {
    record(action: string): void {
      counts.set(action, (counts.get(action) ?? 0) + 1);
      total += 1;
    },
    total: () => total,
    byAction: () =>
      Object.fromEntries(
        [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
  };
};

export { createCallCounter };
